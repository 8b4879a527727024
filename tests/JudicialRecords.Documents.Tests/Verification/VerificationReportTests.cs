using System.Text.Json;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Documents.Tests.Verification;

public sealed class VerificationReportTests(AttackCorpusFixture fixture) : IClassFixture<AttackCorpusFixture>
{
    [Fact]
    public async Task report_serialises_with_camel_case_names_and_the_etsi_and_pades_strings_of_api_md()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(fixture.Signed);

        using var json = JsonDocument.Parse(JsonSerializer.Serialize(report, new JsonSerializerOptions(JsonSerializerDefaults.Web)));
        var root = json.RootElement;

        Assert.Equal("TOTAL_PASSED", root.GetProperty("indication").GetString());
        var first = root.GetProperty("signatures")[0];
        Assert.Equal("B-LTA", first.GetProperty("level").GetString());
        Assert.Equal("signature", first.GetProperty("kind").GetString());
        foreach (var field in new[] { "signer", "signedAt", "timestampedAt", "coversWholeDocument", "chainTrusted", "revoked" })
            Assert.True(first.TryGetProperty(field, out _), field);
        Assert.Equal("unknown", root.GetProperty("certificate").GetProperty("status").GetString());
        Assert.Equal("000123/2026/LLTP", root.GetProperty("certificate").GetProperty("number").GetString());
    }

    [Fact]
    public async Task no_damaged_copy_of_a_signed_certificate_makes_the_verifier_throw_or_pass()
    {
        var verifier = AttackCorpusFixture.Verifier();
        var random = new Random(4);
        var signed = fixture.Signed;

        var (cuts, flips) = (0, 0);
        for (var i = 0; i < 60; i++)
        {
            var truncated = i % 2 == 0;
            var at = random.Next(signed.Length);
            var damaged = truncated ? signed.AsSpan(0, at).ToArray() : Flip(signed, at);

            var report = await verifier.VerifyAsync(damaged);

            // Cut exactly at a revision's end, the file is that earlier, validly signed revision. A flip turns 0x20 on: on a
            // hex digit a–f it changes only its case, which inside a signature's /Contents is the same value.
            var unchanged = truncated
                ? damaged.AsSpan().EndsWith("%%EOF\n"u8)
                : char.IsAsciiLetter((char)signed[at]) && char.IsAsciiHexDigit((char)signed[at]);
            if (unchanged) continue;
            Assert.NotEqual(Indication.TotalPassed, report.Indication);
            if (truncated) cuts++; else flips++;
        }
        // Both kinds of damage were checked, not skipped.
        Assert.True(cuts > 20 && flips > 20, $"{cuts} cuts and {flips} flips checked");
    }

    private static byte[] Flip(byte[] pdf, int at)
    {
        var copy = (byte[])pdf.Clone();
        copy[at] ^= 0x20;
        return copy;
    }
}
