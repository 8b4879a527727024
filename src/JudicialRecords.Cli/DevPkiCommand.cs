using System.CommandLine;
using JudicialRecords.Documents.Pki;

namespace JudicialRecords.Cli;

/// <summary>`jr dev-pki --out certs-dev`: regenerates the development PKI (new keys: old signatures stop validating).</summary>
static class DevPkiCommand
{
    public static Command Create()
    {
        var output = new Option<string?>("--out") { Description = "Output folder (default: certs-dev in the repository)." };
        var command = new Command("dev-pki", "Regenerate the development PKI: CAs, signers, TSA, agency clients, JWT key, CRLs.") { output };
        command.SetAction(parse =>
        {
            var folder = parse.GetValue(output) ?? Path.Combine(RepositoryPaths.Root(), "certs-dev");
            DevPki.Generate(folder, DateTimeOffset.UtcNow);
            parse.InvocationConfiguration.Output.WriteLine($"Wrote the development PKI to {Path.GetFullPath(folder)} (DEVELOPMENT ONLY; see its README.md).");
            return 0;
        });
        return command;
    }
}
