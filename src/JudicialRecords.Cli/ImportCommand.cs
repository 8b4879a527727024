using System.CommandLine;
using JudicialRecords.Api;
using JudicialRecords.Api.Features.LegacyImport;
using JudicialRecords.Api.Infrastructure.Postgres;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using Spectre.Console;

namespace JudicialRecords.Cli;

/// <summary>`jr import FILE.jsonl`: loads digitised historical records (see LegacyImporter for the line format).</summary>
static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "JSON Lines: one judgment per line, as a judgment push plus source and completedOn." };
        var connection = new Option<string?>("--connection")
        {
            Description = "PostgreSQL connection string (default: ConnectionStrings__Postgres, else the development cluster of `dotnet run`).",
        };
        var report = new Option<FileInfo?>("--report") { Description = "Where to write rejected lines (default: FILE.rejected.txt)." };
        var command = new Command("import", "Import legacy records; re-running the same file adds nothing.") { file, connection, report };
        command.SetAction(async (parse, cancellation) =>
        {
            var input = parse.GetValue(file)!;
            if (!input.Exists)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{input.FullName} does not exist.");
                return 2;
            }
            using var database = Database.Resolve(parse.GetValue(connection));
            await using var app = JudicialRecordsApp.Build([
                "--environment", "Development",
                "--ConnectionStrings:Postgres", database.ConnectionString,
                "--Auth:JwtSigningKeyPath", Path.Combine(RepositoryPaths.Root(), "certs-dev", "jwt-signing-key.pem"),
                "--Logging:LogLevel:Default", "Warning",
            ]);
            var importer = app.Services.GetRequiredService<LegacyImporter>();
            // The app is composed, not started: bring the schema up to date as its start-up would.
            await app.Services.GetRequiredService<IDocumentStore>().Storage.ApplyAllConfiguredChangesToDatabaseAsync();

            LegacyImporter.Summary summary = null!;
            var started = DateTime.UtcNow;
            await AnsiConsole.Progress()
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
                .StartAsync(async context =>
                {
                    var task = context.AddTask(input.Name, maxValue: Math.Max(1, input.Length));
                    await using var stream = input.OpenRead();
                    summary = await importer.ImportAsync(stream, read => task.Value = read, cancellation);
                    task.Value = task.MaxValue;
                });
            var seconds = (DateTime.UtcNow - started).TotalSeconds;
            if (summary.Imported > 0)
                await AnsiConsole.Status().StartAsync("Vacuuming the imported tables…", _ => importer.VacuumAsync(cancellation));

            var reportFile = parse.GetValue(report) ?? new FileInfo(input.FullName + ".rejected.txt");
            if (summary.Rejected.Count > 0)
                await File.WriteAllLinesAsync(reportFile.FullName, summary.Rejected.Select(r => $"line {r.Line}: {r.Reason}"), cancellation);
            parse.InvocationConfiguration.Output.WriteLine($"{summary.Lines:N0} lines: {summary.Imported:N0} convictions imported ({summary.Events:N0} events, " +
                              $"{summary.Events / Math.Max(seconds, 0.001):N0} events/s), {summary.Skipped:N0} already on record, " +
                              $"{summary.Rejected.Count:N0} rejected{(summary.Rejected.Count > 0 ? $" (see {reportFile.FullName})" : "")}.");
            return summary.Rejected.Count == 0 ? 0 : 1;
        });
        return command;
    }

    /// <summary>The configured database, the running development cluster, or that cluster started for this command.</summary>
    sealed class Database : IDisposable
    {
        LocalPostgresCluster? _started;
        public string ConnectionString { get; private init; } = "";

        public static Database Resolve(string? explicitConnection)
        {
            var configured = explicitConnection ?? Environment.GetEnvironmentVariable("ConnectionStrings__Postgres");
            if (!string.IsNullOrWhiteSpace(configured)) return new Database { ConnectionString = configured };
            var folder = PostgresHosting.DefaultDataDirectory(Path.Combine(RepositoryPaths.Root(), "src", "JudicialRecords.Api"));
            if (LocalPostgresCluster.ConnectionStringOfRunning(folder, PostgresHosting.DatabaseName) is { } running)
                return new Database { ConnectionString = running };
            var cluster = LocalPostgresCluster.Start(folder);
            PostgresHosting.EnsureDatabase(cluster.ConnectionString(), PostgresHosting.DatabaseName);
            return new Database { _started = cluster, ConnectionString = cluster.ConnectionString(PostgresHosting.DatabaseName) };
        }

        public void Dispose() => _started?.Dispose();
    }
}
