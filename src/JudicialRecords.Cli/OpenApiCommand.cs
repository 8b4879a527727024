using System.CommandLine;
using JudicialRecords.Api;

namespace JudicialRecords.Cli;

/// <summary>`jr openapi`: writes what the API serves at /swagger/v1/swagger.json to openapi/openapi.json.</summary>
static class OpenApiCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Output file (default: openapi/openapi.json in the repository)." };
        var command = new Command("openapi", "Regenerate the committed OpenAPI document from the running app.") { output };
        command.SetAction(async (parse, cancellation) =>
        {
            var repository = RepositoryPaths.Root();
            var path = parse.GetValue(output) ?? Path.Combine(repository, "openapi", "openapi.json");
            var scratch = Path.Combine(Path.GetTempPath(), "jr-openapi-" + Guid.NewGuid().ToString("N"));
            try
            {
                // The real app on a throwaway database and a free port, so the file is exactly what it serves.
                await using var app = JudicialRecordsApp.Build([
                    "--environment", "Development",
                    "--urls", "http://127.0.0.1:0",
                    "--LocalPostgres:DataDirectory", scratch,
                    "--Auth:JwtSigningKeyPath", Path.Combine(repository, "certs-dev", "jwt-signing-key.pem"),
                    "--Logging:LogLevel:Default", "Warning",
                ]);
                await app.StartAsync(cancellation);
                using var http = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
                var document = await http.GetStringAsync("/swagger/v1/swagger.json", cancellation);
                await app.StopAsync(cancellation);
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
                await File.WriteAllTextAsync(path, document, cancellation);
            }
            finally
            {
                if (Directory.Exists(scratch)) Directory.Delete(scratch, recursive: true);
            }
            parse.InvocationConfiguration.Output.WriteLine($"Wrote {path}");
            return 0;
        });
        return command;
    }
}
