using System.Security.Cryptography;
using System.Text;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Signing.Pdf;
using Org.BouncyCastle.Asn1.Cms;
using Org.BouncyCastle.Asn1.Ess;
using Org.BouncyCastle.Asn1.Pkcs;
using Org.BouncyCastle.Cms;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.X509;

namespace JudicialRecords.Documents.Tests.Signing;

public sealed class PadesSignerTests(SignedCertificateFixture fixture) : IClassFixture<SignedCertificateFixture>
{
    private static X509Certificate Bc(string file) =>
        new X509CertificateParser().ReadCertificate(File.ReadAllBytes(Path.Combine(TestPaths.CertsDev, file)));

    [Fact]
    public void certificate_carries_officer_then_seal_signatures_then_a_document_timestamp()
    {
        var signatures = SignedRange.All(fixture.Signed);

        Assert.Equal(
            [CertificatePdfSigner.OfficerFieldName, CertificatePdfSigner.SealFieldName, CertificatePdfSigner.DocumentTimeStampFieldName],
            signatures.Select(s => s.Info.FieldName));
        Assert.Equal(["ETSI.CAdES.detached", "ETSI.CAdES.detached", "ETSI.RFC3161"], signatures.Select(s => s.Info.SubFilter));
    }

    [Fact]
    public void signing_only_appends_so_every_earlier_revision_survives_byte_for_byte()
    {
        var signed = fixture.Signed;

        Assert.True(signed.AsSpan().StartsWith(fixture.Unsigned));
        foreach (var signature in SignedRange.All(signed))
            Assert.True(signed.AsSpan(0, signature.RevisionEnd).EndsWith("%%EOF\n"u8), signature.Info.FieldName);
    }

    [Fact]
    public void each_byte_range_leaves_out_exactly_the_contents_hex_string()
    {
        var signed = fixture.Signed;

        foreach (var signature in SignedRange.All(signed))
        {
            Assert.Equal(0, signature.Info.ByteRange[0]);
            Assert.Equal((byte)'<', signed[signature.GapStart]);
            Assert.Equal((byte)'>', signed[signature.GapEnd - 1]);
            Assert.All(signed.AsSpan(signature.GapStart + 1, signature.GapEnd - signature.GapStart - 2).ToArray(),
                b => Assert.True(char.IsAsciiHexDigit((char)b)));
            Assert.Equal(signature.GapEnd - signature.GapStart - 2, 2 * signature.Info.Contents.Length);
        }
    }

    [Fact]
    public void later_signatures_reserve_what_the_first_of_their_kind_needed_not_the_whole_allowance()
    {
        var first = SignedRange.All(fixture.First);
        var later = SignedRange.All(fixture.Signed);

        foreach (var (before, after) in first.Zip(later))
        {
            var reserved = (after.GapEnd - after.GapStart - 2) / 2;
            Assert.True(reserved <= before.Info.SignatureDer.Length + PadesSigner.ReserveMargin, after.Info.FieldName);
            Assert.True(reserved < (before.GapEnd - before.GapStart - 2) / 2, after.Info.FieldName);
        }
        // The two signatures' spare allowance and the timestamp's, in hex: some 40 KB of zeros no longer signed, stored and sent.
        Assert.True(fixture.Signed.Length < fixture.First.Length - 30_000, $"{fixture.First.Length} → {fixture.Signed.Length}");
    }

    [Fact]
    public async Task a_signature_that_outgrows_the_space_its_kind_needed_before_is_made_again_in_the_whole_allowance()
    {
        var tsa = new GrowingTimeStamps();
        var signer = new PadesSigner(tsa, TimeProvider.System) { TimeStampTokenAllowance = 8192 };

        var first = await signer.AddDocumentTimeStampAsync(fixture.Unsigned);
        var grown = await signer.AddDocumentTimeStampAsync(fixture.Unsigned);

        var stamp = SignedRange.All(grown).Single();
        Assert.Equal(3, tsa.Calls); // the second timestamp did not fit in 1,000 + the margin, so it was asked for again
        Assert.Equal(3000, stamp.Info.SignatureDer.Length);
        Assert.Equal(2 * 8192, stamp.GapEnd - stamp.GapStart - 2);
        Assert.Equal(1000, SignedRange.All(first).Single().Info.SignatureDer.Length);
    }

    /// <summary>Answers DER of 1,000 bytes once, then of 3,000 (as a TSA whose chain grew): a SEQUENCE of filler, as only the size matters here.</summary>
    private sealed class GrowingTimeStamps : ITimeStampAuthority
    {
        public int Calls { get; private set; }

        public Task<byte[]> TimeStampAsync(byte[] sha256Digest, CancellationToken cancellationToken = default)
        {
            var size = ++Calls == 1 ? 1000 : 3000;
            var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
            using (writer.PushSequence())
                writer.WriteOctetString(new byte[size - 8]); // each: a tag, 0x82 and two length bytes
            return Task.FromResult(writer.Encode());
        }
    }

    [Fact]
    public void the_document_timestamp_covers_the_whole_final_file()
    {
        var last = SignedRange.All(fixture.Signed)[^1];

        Assert.Equal(fixture.Signed.Length, last.RevisionEnd);
    }

    [Theory]
    [InlineData(0, DevPkiFiles.OfficerCertificate)]
    [InlineData(1, DevPkiFiles.SealCertificate)]
    public void cades_signature_verifies_and_binds_its_signing_certificate(int index, string certificateFile)
    {
        var signature = SignedRange.All(fixture.Signed)[index];
        var expected = Bc(certificateFile);

        var cms = new CmsSignedData(new CmsProcessableByteArray(signature.CoveredBytes), signature.Info.SignatureDer);
        var signer = cms.GetSignerInfos().GetSigners().Single();
        var certificate = cms.GetCertificates().EnumerateMatches(signer.SignerID).Single();

        Assert.Equal(expected, certificate);
        Assert.True(signer.Verify(certificate));
        var attributes = signer.SignedAttributes.ToAttributes().GetAttributes().Select(a => a.AttrType.Id).Order();
        Assert.Equal(new[] { CmsAttributes.ContentType.Id, CmsAttributes.MessageDigest.Id, PkcsObjectIdentifiers.IdAASigningCertificateV2.Id }.Order(), attributes);

        var signingCertificate = SigningCertificateV2.GetInstance(
            signer.SignedAttributes[PkcsObjectIdentifiers.IdAASigningCertificateV2].AttrValues[0]);
        var certId = signingCertificate.GetCerts().Single();
        Assert.Equal(SHA256.HashData(expected.GetEncoded()), certId.GetCertHash());
        Assert.Equal(expected.SerialNumber, certId.IssuerSerial.Serial.Value);
        Assert.Equal(3, cms.GetCertificates().EnumerateMatches(null).Count());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    public void signature_timestamp_imprints_the_signature_value_and_is_signed_by_the_tsa(int index)
    {
        var signature = SignedRange.All(fixture.Signed)[index];
        var signer = new CmsSignedData(signature.Info.SignatureDer).GetSignerInfos().GetSigners().Single();

        var attribute = signer.UnsignedAttributes[PkcsObjectIdentifiers.IdAASignatureTimeStampToken];
        var token = new TimeStampToken(new CmsSignedData(attribute.AttrValues[0].ToAsn1Object().GetEncoded()));

        token.Validate(Bc(DevPkiFiles.TsaCertificate));
        Assert.Equal(SHA256.HashData(signer.GetSignature()), token.TimeStampInfo.GetMessageImprintDigest());
        Assert.InRange(token.TimeStampInfo.GenTime, DateTime.UtcNow.AddMinutes(-10), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public void document_timestamp_imprints_everything_before_it()
    {
        var last = SignedRange.All(fixture.Signed)[^1];

        var token = new TimeStampToken(new CmsSignedData(last.Info.SignatureDer));

        token.Validate(Bc(DevPkiFiles.TsaCertificate));
        Assert.Equal(SHA256.HashData(last.CoveredBytes), token.TimeStampInfo.GetMessageImprintDigest());
    }

    [Fact]
    public void dss_holds_every_certificate_and_both_crls_with_a_vri_entry_per_signature()
    {
        var file = PdfFile.Parse(fixture.Signed);
        var dss = (PdfDictionary)file.Resolve(file.Catalog["DSS"]!);

        var certs = ((PdfArray)dss["Certs"]!).Items.Cast<PdfReference>().ToList();
        var crls = ((PdfArray)dss["CRLs"]!).Items.Cast<PdfReference>().ToList();
        var vri = (PdfDictionary)dss["VRI"]!;

        // officer, seal, TSA, issuing CA, root
        Assert.Equal(5, certs.Count);
        Assert.Equal(2, crls.Count);
        Assert.Equal(2, vri.Entries.Count);
        var officerContents = SignedRange.All(fixture.Signed)[0].Info.Contents;
        Assert.NotNull(vri[Convert.ToHexString(SHA1.HashData(officerContents))]);
    }

    [Fact]
    public async Task a_field_name_already_in_the_document_is_refused()
    {
        var (pades, key) = DevSigner();
        using var _ = key;
        var once = await pades.AddSignatureAsync(fixture.Unsigned, key, new SignatureFieldOptions("Sig1"));

        await Assert.ThrowsAsync<InvalidOperationException>(() => pades.AddSignatureAsync(once, key, new SignatureFieldOptions("Sig1")));
    }

    [Fact]
    public async Task a_non_pdf_is_refused_with_a_format_error()
    {
        var (pades, key) = DevSigner();
        using var _ = key;

        await Assert.ThrowsAsync<PdfFormatException>(() =>
            pades.AddSignatureAsync(Encoding.ASCII.GetBytes("hello, not a pdf"), key, new SignatureFieldOptions("Sig1")));
    }

    [Fact]
    public async Task vietnamese_reason_is_written_as_utf16_with_a_byte_order_mark()
    {
        var (pades, key) = DevSigner();
        using var _ = key;

        var signed = await pades.AddSignatureAsync(fixture.Unsigned, key, new SignatureFieldOptions("Sig1") { Reason = "Đóng dấu" });

        var expected = "/Reason <FEFF" + Convert.ToHexString(Encoding.BigEndianUnicode.GetBytes("Đóng dấu")) + ">";
        Assert.Contains(expected, Encoding.Latin1.GetString(signed));
    }

    [Fact]
    public async Task http_tsa_posts_an_rfc3161_query_and_returns_the_granted_token()
    {
        using var tsaKey = Pkcs12SigningKey.Load(Path.Combine(TestPaths.CertsDev, DevPkiFiles.TsaPkcs12), DevPkiFiles.Pkcs12Password);
        var responder = new DevTimeStampAuthority(tsaKey, TimeProvider.System);
        var handler = new TsaHandler(responder);
        using var http = new HttpClient(handler);
        var tsa = new HttpTimeStampAuthority(http, new Uri("http://tsa.test/"));
        var digest = SHA256.HashData("imprint"u8);

        var token = new TimeStampToken(new CmsSignedData(await tsa.TimeStampAsync(digest)));

        Assert.Equal("application/timestamp-query", handler.ContentType);
        Assert.Equal(digest, token.TimeStampInfo.GetMessageImprintDigest());
    }

    private static (PadesSigner Pades, Pkcs12SigningKey Key) DevSigner()
    {
        var tsaKey = Pkcs12SigningKey.Load(Path.Combine(TestPaths.CertsDev, DevPkiFiles.TsaPkcs12), DevPkiFiles.Pkcs12Password);
        var key = Pkcs12SigningKey.Load(Path.Combine(TestPaths.CertsDev, DevPkiFiles.OfficerPkcs12), DevPkiFiles.Pkcs12Password);
        return (new PadesSigner(new DevTimeStampAuthority(tsaKey, TimeProvider.System), TimeProvider.System), key);
    }

    private sealed class TsaHandler(DevTimeStampAuthority tsa) : HttpMessageHandler
    {
        public string? ContentType { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            ContentType = request.Content!.Headers.ContentType?.MediaType;
            var query = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            return new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new ByteArrayContent(tsa.Respond(query)) };
        }
    }
}
