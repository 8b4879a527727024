using System.Text;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Tests.Signing;
using JudicialRecords.Documents.Verification;

namespace JudicialRecords.Documents.Tests.Verification;

/// <summary>
/// The attack corpus of issue 4: each known way to forge or break a signed certificate, with the exact
/// ETSI indication, sub-indication and failing check the verifier must report.
/// </summary>
public sealed class AttackCorpusTests(AttackCorpusFixture fixture) : IClassFixture<AttackCorpusFixture>
{
    [Fact]
    public async Task a_certificate_signed_by_officer_and_seal_with_dss_and_document_timestamp_passes_as_b_lta()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(fixture.Signed);

        Assert.Equal(Indication.TotalPassed, report.Indication);
        Assert.Null(report.SubIndication);
        Assert.Equal([CertificatePdfSigner.OfficerFieldName, CertificatePdfSigner.SealFieldName, CertificatePdfSigner.DocumentTimeStampFieldName],
            report.Signatures.Select(s => s.FieldName));
        Assert.All(report.Signatures, s =>
        {
            Assert.Equal(Indication.TotalPassed, s.Indication);
            Assert.True(s.ChainTrusted);
            Assert.False(s.Revoked);
            Assert.NotNull(s.TimestampedAt);
            Assert.All(s.Checks, c => Assert.True(c.Passed, c.Detail));
        });
        Assert.Equal([SignatureLevel.BLTA, SignatureLevel.BLTA, null], report.Signatures.Select(s => s.Level));
        Assert.Equal([SignatureKind.Signature, SignatureKind.Signature, SignatureKind.DocumentTimeStamp], report.Signatures.Select(s => s.Kind));
        Assert.Equal([false, false, true], report.Signatures.Select(s => s.CoversWholeDocument));
        Assert.Equal("Nguyễn Văn An", report.Signatures[0].Signer);
        Assert.Equal("Phòng Hồ sơ nghiệp vụ - Công an tỉnh Đồng Nai (PV06)", report.Signatures[1].Signer);
        Assert.Equal(new CertificateReport(AttackCorpusFixture.Number, CertificateStatus.Unknown), report.Certificate);
    }

    [Fact]
    public async Task the_registry_status_of_the_certificate_number_is_reported()
    {
        string? asked = null;
        var verifier = AttackCorpusFixture.Verifier((number, _) =>
        {
            asked = number;
            return ValueTask.FromResult<IssuedCertificate?>(fixture.Issued(CertificateStatus.Valid));
        });

        var report = await verifier.VerifyAsync(fixture.Signed);

        Assert.Equal(AttackCorpusFixture.Number, asked);
        Assert.Equal(Indication.TotalPassed, report.Indication);
        Assert.Equal(new CertificateReport(AttackCorpusFixture.Number, CertificateStatus.Valid), report.Certificate);
    }

    [Fact]
    public async Task a_flipped_byte_in_signed_content_is_a_hash_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.FlipByteInFirstContentStream(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.HashFailure, VerificationCheck.MessageDigest);
        Assert.All(report.Signatures, s => Assert.Equal(SubIndication.HashFailure, s.SubIndication));
    }

    [Fact]
    public async Task an_incremental_update_that_changes_the_page_content_is_a_format_failure_of_every_signature()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.AppendVisibleContent(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.Modifications);
        Assert.All(report.Signatures, s =>
        {
            Assert.Equal(SubIndication.FormatFailure, s.SubIndication);
            Assert.False(s.CoversWholeDocument);
            Assert.Contains(s.Checks, c => c is { Check: VerificationCheck.Modifications, Passed: false } && c.Detail.Contains("/Contents"));
            // The cryptography still holds: only the modification check catches this attack.
            Assert.Contains(s.Checks, c => c is { Check: VerificationCheck.MessageDigest or VerificationCheck.DocumentTimeStamp, Passed: true });
        });
    }

    public static TheoryData<string, string?, string, bool> Overlays => new()
    {
        { "a Square annotation without /AP (viewers draw a default box)", "Square", "60 500 540 560", false },
        { "a FreeText annotation with an empty rectangle", "FreeText", "0 0 0 0", false },
        { "a widget whose /Rect holds a reference", "Widget", "0 0 600 9 0 R", true },
        { "a widget with a visible rectangle and no /AP", "Widget", "60 500 540 560", false },
        { "a field without /Subtype with a visible rectangle", null, "60 500 540 560", true },
    };

    [Theory]
    [MemberData(nameof(Overlays))]
    public async Task an_overlay_calling_itself_a_signature_field_is_a_format_failure(string because, string? subtype, string rectangle, bool appearance)
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.AppendSignatureFieldOverlay(fixture.Signed, subtype, rectangle, appearance));

        Assert.True(report.Indication == Indication.TotalFailed && report.SubIndication == SubIndication.FormatFailure,
            $"{because}: {report.Indication} {report.SubIndication} {report.Reason}");
    }

    [Fact]
    public async Task an_info_dictionary_that_is_not_in_the_file_is_reported_not_thrown()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.PointInfoNowhere(fixture.Signed));

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.FormatFailure, report.SubIndication);
        Assert.Null(report.Certificate.Number);
    }

    [Fact]
    public async Task a_dss_listing_more_validation_data_than_any_chain_needs_is_a_format_failure_not_unbounded_work()
    {
        var verifier = AttackCorpusFixture.Verifier();

        var many = await verifier.VerifyAsync(Tamper.AppendDss(fixture.Signed, streams: 300, size: 16, repeat: 1));
        var large = await verifier.VerifyAsync(Tamper.AppendDss(fixture.Signed, streams: 5, size: 8 * 1024 * 1024, repeat: 1));

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (many.Indication, many.SubIndication));
        Assert.Contains("at most 256", many.Reason);
        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (large.Indication, large.SubIndication));
        Assert.Contains("exceeds 32 MiB", large.Reason);
    }

    [Fact]
    public async Task thousands_of_signatures_are_refused_before_any_is_hashed()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.AppendSignatureFields(fixture.Signed, 2_000));

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (report.Indication, report.SubIndication));
        Assert.Contains("at most 64 are verified", report.Reason);
        Assert.Empty(report.Signatures);
    }

    [Fact]
    public async Task a_dss_repeating_one_reference_reads_it_once()
    {
        // A million repeats of one reference parse as one certificate (here a broken one): the repeats add no work and no verdict.
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.AppendDss(fixture.Signed, streams: 1, size: 16, repeat: 1_000_000));

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (report.Indication, report.SubIndication));
        Assert.DoesNotContain("at most 256", report.Reason);
    }

    [Fact]
    public async Task an_invisible_empty_signature_field_added_later_is_still_allowed()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(
            Tamper.AppendSignatureFieldOverlay(fixture.Signed, "Widget", "0 0 0 0", appearance: true));

        Assert.Equal(Indication.TotalPassed, report.Indication);
    }

    [Fact]
    public async Task an_update_whose_table_leaves_out_a_signed_object_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.DropFirstPageContentFromXref(fixture.Signed));

        Assert.Equal((Indication.TotalFailed, SubIndication.FormatFailure), (report.Indication, report.SubIndication));
        Assert.Contains(report.Signatures, s => s.Checks.Any(c => c is { Check: VerificationCheck.Modifications, Passed: false }
            && c.Detail.Contains("left out of the final cross-reference table")));
    }

    [Fact]
    public async Task signature_wrapping_that_moves_the_signature_dictionary_away_from_its_byte_range_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.MoveFirstSignatureDictionary(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.ByteRange);
        Assert.Contains(report.Signatures[0].Checks, c => c is { Check: VerificationCheck.ByteRange, Passed: false }
            && c.Detail.Contains("is not this signature dictionary's /Contents"));
    }

    [Fact]
    public async Task malformed_contents_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.CorruptFirstContents(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.Contents);
        // The first /Contents lies in the later signatures' ranges, so they see a hash failure.
        Assert.Equal([SubIndication.FormatFailure, SubIndication.HashFailure, SubIndication.HashFailure],
            report.Signatures.Select(s => s.SubIndication));
    }

    [Fact]
    public async Task malformed_byte_range_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.CorruptFirstByteRange(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.ByteRange);
        // The ByteRange is signed by the later signatures, which therefore see a hash failure.
        Assert.Equal([SubIndication.FormatFailure, SubIndication.HashFailure, SubIndication.HashFailure],
            report.Signatures.Select(s => s.SubIndication));
    }

    [Fact]
    public async Task a_forged_signature_value_is_a_sig_crypto_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.FlipFirstSignatureValue(fixture.Signed));

        var officer = report.Signatures[0];
        Assert.Equal((Indication.TotalFailed, SubIndication.SigCryptoFailure), (officer.Indication, officer.SubIndication));
        Assert.Contains(officer.Checks, c => c is { Check: VerificationCheck.SignatureValue, Passed: false });
        Assert.Contains(officer.Checks, c => c is { Check: VerificationCheck.MessageDigest, Passed: true });
        Assert.Equal(Indication.TotalFailed, report.Indication);
    }

    [Fact]
    public async Task a_forged_document_timestamp_signature_is_a_sig_crypto_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Tamper.FlipDocumentTimeStampSignatureValue(fixture.Signed));

        AssertRejected(report, Indication.TotalFailed, SubIndication.SigCryptoFailure, VerificationCheck.DocumentTimeStamp);
        var timestamp = report.Signatures[2];
        Assert.Equal((Indication.TotalFailed, SubIndication.SigCryptoFailure), (timestamp.Indication, timestamp.SubIndication));
        // Nothing covers the last /Contents, so the two signatures still hold (but are no longer archived).
        Assert.All(report.Signatures.Take(2), s => Assert.Equal(Indication.TotalPassed, s.Indication));
        Assert.Equal([SignatureLevel.BLT, SignatureLevel.BLT], report.Signatures.Take(2).Select(s => s.Level));
    }

    [Fact]
    public async Task a_signer_under_an_untrusted_root_is_indeterminate_with_no_certificate_chain_found()
    {
        var pdf = await fixture.SignWithAsync(DevPkiFiles.UntrustedSignerPkcs12, fixture.Unsigned);

        var report = await AttackCorpusFixture.Verifier().VerifyAsync(pdf);

        AssertRejected(report, Indication.Indeterminate, SubIndication.NoCertificateChainFound, VerificationCheck.CertificateChain);
        Assert.False(report.Signatures.Single().ChainTrusted);
    }

    [Fact]
    public async Task an_expired_signer_with_a_timestamp_proving_a_later_signing_time_is_total_failed_expired()
    {
        var pdf = await fixture.SignWithAsync(DevPkiFiles.ExpiredSignerPkcs12, fixture.Unsigned);

        var report = await AttackCorpusFixture.Verifier().VerifyAsync(pdf);

        AssertRejected(report, Indication.TotalFailed, SubIndication.Expired, VerificationCheck.Validity);
        Assert.True(report.Signatures.Single().ChainTrusted);
    }

    [Fact]
    public async Task a_signer_revoked_before_the_signature_timestamp_is_total_failed_revoked()
    {
        var pdf = await fixture.SignWithAsync(DevPkiFiles.RevokedSignerPkcs12, fixture.Unsigned);

        var report = await AttackCorpusFixture.Verifier().VerifyAsync(pdf);

        AssertRejected(report, Indication.TotalFailed, SubIndication.Revoked, VerificationCheck.Revocation);
        Assert.True(report.Signatures.Single().Revoked);
    }

    [Fact]
    public async Task an_extra_signature_by_an_unknown_key_after_the_document_timestamp_makes_the_document_indeterminate()
    {
        var pdf = await fixture.SignWithAsync(DevPkiFiles.UntrustedSignerPkcs12, fixture.Signed, "Extra");

        var report = await AttackCorpusFixture.Verifier().VerifyAsync(pdf);

        AssertRejected(report, Indication.Indeterminate, SubIndication.NoCertificateChainFound, VerificationCheck.CertificateChain);
        Assert.Equal([Indication.TotalPassed, Indication.TotalPassed, Indication.TotalPassed, Indication.Indeterminate],
            report.Signatures.Select(s => s.Indication));
        Assert.Equal("Extra", report.Signatures[^1].FieldName);
        Assert.False(report.Signatures[2].CoversWholeDocument);
    }

    [Fact]
    public async Task a_certificate_number_the_registry_revoked_is_total_failed_revoked()
    {
        var verifier = AttackCorpusFixture.Verifier((number, _) =>
            ValueTask.FromResult(number == AttackCorpusFixture.Number ? fixture.Issued(CertificateStatus.Revoked) : null));

        var report = await verifier.VerifyAsync(fixture.Signed);

        Assert.Equal(Indication.TotalFailed, report.Indication);
        Assert.Equal(SubIndication.Revoked, report.SubIndication);
        Assert.Equal(new CertificateReport(AttackCorpusFixture.Number, CertificateStatus.Revoked), report.Certificate);
        Assert.Contains(report.Checks, c => c is { Check: VerificationCheck.Registry, Passed: false });
        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
    }

    [Fact]
    public async Task a_trusted_signature_over_a_file_the_registry_did_not_issue_under_its_number_is_a_hash_failure()
    {
        // Another PDF under the same number, signed by keys the trust anchors accept: what an insider holding any key
        // of the PKI (an agency's, say) could make. Its signatures all pass; only the registry tells it apart.
        var other = Tamper.FlipByteInFirstContentStream(fixture.Signed);
        var verifier = AttackCorpusFixture.Verifier((_, _) => ValueTask.FromResult<IssuedCertificate?>(
            new(CertificateStatus.Valid, Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(other)), other.Length)));

        var report = await verifier.VerifyAsync(fixture.Signed);

        Assert.All(report.Signatures, s => Assert.Equal(Indication.TotalPassed, s.Indication));
        AssertRejected(report, Indication.TotalFailed, SubIndication.HashFailure, VerificationCheck.Registry);
    }

    [Fact]
    public async Task a_certificate_number_the_registry_never_issued_is_a_hash_failure()
    {
        var report = await AttackCorpusFixture.Verifier((_, _) => ValueTask.FromResult<IssuedCertificate?>(null)).VerifyAsync(fixture.Signed);

        AssertRejected(report, Indication.TotalFailed, SubIndication.HashFailure, VerificationCheck.Registry);
        Assert.Equal(new CertificateReport(AttackCorpusFixture.Number, CertificateStatus.Unknown), report.Certificate);
    }

    [Fact]
    public async Task an_archive_timestamp_added_after_issue_keeps_the_file_the_registry_issued()
    {
        var issued = fixture.Issued(CertificateStatus.Valid);
        var verifier = AttackCorpusFixture.Verifier((_, _) => ValueTask.FromResult<IssuedCertificate?>(issued));
        var renewed = await fixture.WithAnotherDocumentTimeStamp();

        var report = await verifier.VerifyAsync(renewed);

        Assert.True(renewed.Length > issued.Length);
        Assert.Equal(Indication.TotalPassed, report.Indication);
        Assert.Contains(report.Checks, c => c is { Check: VerificationCheck.Registry, Passed: true });
    }

    [Fact]
    public async Task a_file_that_is_not_a_pdf_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(Encoding.ASCII.GetBytes("GIF89a, certainly not a PDF"));

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.Structure);
        Assert.Empty(report.Signatures);
        Assert.Equal(new CertificateReport(null, CertificateStatus.Unknown), report.Certificate);
    }

    [Fact]
    public async Task a_truncated_pdf_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(fixture.Signed.AsSpan(0, fixture.Signed.Length / 2).ToArray());

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.Structure);
    }

    [Fact]
    public async Task an_unsigned_pdf_is_a_format_failure()
    {
        var report = await AttackCorpusFixture.Verifier().VerifyAsync(fixture.Unsigned);

        AssertRejected(report, Indication.TotalFailed, SubIndication.FormatFailure, VerificationCheck.Structure);
        Assert.Equal(AttackCorpusFixture.Number, report.Certificate.Number);
    }

    /// <summary>The overall verdict, and a failed check of the kind that caused it somewhere in the report.</summary>
    private static void AssertRejected(VerificationReport report, Indication indication, SubIndication subIndication, VerificationCheck check)
    {
        Assert.True(report.Indication == indication && report.SubIndication == subIndication,
            $"Expected {indication}/{subIndication}, got {report.Indication}/{report.SubIndication}: {report.Reason}");
        var failed = report.Checks.Concat(report.Signatures.SelectMany(s => s.Checks)).Where(c => !c.Passed).ToList();
        Assert.Contains(failed, c => c.Check == check);
        Assert.NotNull(report.Reason);
    }
}
