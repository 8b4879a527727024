using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Cli;

/// <summary>`jr verify FILE.pdf`: validates a signed certificate offline and prints the report as JSON; exit 0 only for TOTAL_PASSED.</summary>
static class VerifyCommand
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Signer names are Vietnamese: print them as text, not \u escapes.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The signed certificate PDF." };
        var trust = new Option<string?>("--trust") { Description = "PEM file of trusted roots (default: certs-dev/root-ca.crt.pem in the repository)." };
        var crls = new Option<string[]>("--crl") { Description = "DER CRL files to use besides those in the PDF's DSS.", AllowMultipleArgumentsPerToken = true };
        var command = new Command("verify", "Validate a signed certificate PDF (PAdES, ETSI EN 319 102-1) and print the report as JSON.") { file, trust, crls };
        command.SetAction(async (parse, cancellation) =>
        {
            var pdf = parse.GetValue(file)!;
            if (!pdf.Exists)
            {
                parse.InvocationConfiguration.Error.WriteLine($"{pdf.FullName} does not exist.");
                return 1;
            }
            var anchors = parse.GetValue(trust) ?? Path.Combine(RepositoryPaths.Root(), "certs-dev", "root-ca.crt.pem");
            // Offline: no registry to ask, so the certificate number's status is reported as unknown.
            var verifier = PdfSignatureVerifier.FromOptions(new TrustOptions { AnchorsPath = anchors }, TimeProvider.System,
                crlPaths: parse.GetValue(crls) ?? []);
            var report = await verifier.VerifyAsync(await File.ReadAllBytesAsync(pdf.FullName, cancellation), cancellation);
            parse.InvocationConfiguration.Output.WriteLine(JsonSerializer.Serialize(report, Json));
            return report.Indication == Indication.TotalPassed ? 0 : 1;
        });
        return command;
    }
}
