using System.CommandLine;
using System.Net.Http.Headers;
using JudicialRecords.Api.Features.AgencyRequests.Simulation;
using JudicialRecords.Api.Infrastructure.Auth;
using Microsoft.Extensions.Logging;

namespace JudicialRecords.Cli;

/// <summary>
/// `jr simulate police` / `jr simulate court`: a records office that polls its inbox on a running service
/// and answers from seeded pre-2010 files (see <see cref="AgencySimulator"/>), until Ctrl+C.
/// </summary>
static class SimulateCommand
{
    public static Command Create() => new("simulate", "Play a police or court records office answering verification requests over HTTP.")
    {
        Agency(SimulatedAgency.Police, "police", "CA-DNA"),
        Agency(SimulatedAgency.Court, "court", "TAND-DNA"),
    };

    static Command Agency(SimulatedAgency kind, string role, string defaultCode)
    {
        var baseUrl = new Option<string>("--base-url") { Description = "The service.", DefaultValueFactory = _ => "http://localhost:5080/" };
        var agency = new Option<string>("--agency") { Description = "Agency code of the token.", DefaultValueFactory = _ => defaultCode };
        var delay = new Option<double>("--delay") { Description = "Seconds between a request being sent and its answer.", DefaultValueFactory = _ => 5 };
        var poll = new Option<double>("--poll") { Description = "Seconds between looks at the inbox.", DefaultValueFactory = _ => 2 };
        var files = new Option<FileInfo?>("--files")
        {
            Description = "JSON object: personal ID → {police?: outcome, convictions: [judgment push + completedOn]} (default: the built-in seed).",
        };
        var key = new Option<string?>("--key") { Description = "PEM RSA key that signs the token (default: certs-dev/jwt-signing-key.pem)." };
        var once = new Option<bool>("--once") { Description = "Look at the inbox once, answer what is due, and exit." };
        var command = new Command(role, $"Answer the {role} inbox of an agency (default {defaultCode}).") { baseUrl, agency, delay, poll, files, key, once };
        command.SetAction(async (parse, cancellation) =>
        {
            SimulatedFiles seed;
            if (parse.GetValue(files) is { } path)
            {
                if (!path.Exists)
                {
                    parse.InvocationConfiguration.Error.WriteLine($"{path.FullName} does not exist.");
                    return 2;
                }
                await using var stream = path.OpenRead();
                seed = SimulatedFiles.Parse(stream);
            }
            else
            {
                seed = SimulatedFiles.Seed();
            }

            var keyPath = parse.GetValue(key) ?? Path.Combine(RepositoryPaths.Root(), "certs-dev", "jwt-signing-key.pem");
            var token = new TokenIssuer(TokenIssuer.LoadKey(keyPath), new AuthOptions { TokenLifetime = TimeSpan.FromDays(7) }, TimeProvider.System)
                .Issue(role, parse.GetValue(agency));
            var url = parse.GetValue(baseUrl)!;
            using var http = new HttpClient { BaseAddress = new Uri(url.EndsWith('/') ? url : url + "/") };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var logging = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
            var simulator = new AgencySimulator(http,
                new AgencySimulatorOptions(kind, seed, TimeSpan.FromSeconds(parse.GetValue(delay)), TimeSpan.FromSeconds(parse.GetValue(poll))),
                TimeProvider.System, logging.CreateLogger($"simulate-{role}"));
            if (parse.GetValue(once))
            {
                parse.InvocationConfiguration.Output.WriteLine($"{await simulator.RunOnceAsync(cancellation)} answered.");
                return 0;
            }
            parse.InvocationConfiguration.Output.WriteLine(
                $"{parse.GetValue(agency)} answering {url} ({seed.People.Count} people in its files); Ctrl+C stops.");
            await simulator.RunAsync(cancellation);
            return 0;
        });
        return command;
    }
}
