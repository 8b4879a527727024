using JudicialRecords.Documents.Rendering;
using JudicialRecords.Domain.Certificates;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>The domain's worded content, plus number and QR URL, as the renderer's model.</summary>
public static class CertificateDocumentMapper
{
    public static CertificateDocument Map(CertificateContent content, string number, string verificationUrl) => new(
        content.Authority.HeaderLines,
        $"Số: {number}",
        content.Form == Domain.Certificates.CertificateForm.Two ? Documents.Rendering.CertificateForm.Two : Documents.Rendering.CertificateForm.One,
        Rows(content.Person),
        new ConvictionsBlock(
            content.Convictions.Statement,
            content.Convictions.Entries.Select(e => new ConvictionEntry(e.Heading, Rows(e.Rows))).ToList()),
        content.BankruptcyBan is { } ban ? new BankruptcyBanBlock(ban.Statement, Rows(ban.Rows)) : null,
        content.PlaceAndDate,
        new CertificateSigner(content.Authority.SignerTitleLines, content.Authority.SignerName),
        verificationUrl)
    {
        RegistryNumber = number,
        Requester = Rows(content.Requester),
    };

    private static List<LabeledValue> Rows(IEnumerable<CertificateRow> rows) => rows.Select(r => new LabeledValue(r.Label, r.Value)).ToList();
}
