using JudicialRecords.Documents.Signing.Pdf;

namespace JudicialRecords.Documents.Tests.Signing;

/// <summary>One signature of a signed PDF with the bytes its ByteRange covers.</summary>
internal sealed record SignedRange(PdfSignatureInfo Info, byte[] CoveredBytes, int GapStart, int GapEnd, int RevisionEnd)
{
    public static IReadOnlyList<SignedRange> All(byte[] pdf) =>
        PdfFile.Parse(pdf).Signatures().Select(info =>
        {
            var r = info.ByteRange.Select(v => checked((int)v)).ToArray();
            var covered = pdf.AsSpan(r[0], r[1]).ToArray().Concat(pdf.AsSpan(r[2], r[3]).ToArray()).ToArray();
            return new SignedRange(info, covered, r[1], r[2], r[2] + r[3]);
        }).ToList();
}
