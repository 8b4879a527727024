using System.Text;
using JudicialRecords.Documents.Signing.Pdf;
using Org.BouncyCastle.Cms;

namespace JudicialRecords.Documents.Tests.Verification;

/// <summary>The byte-level attacks of the corpus, each on a copy of a signed PDF.</summary>
internal static class Tamper
{
    public static byte[] FlipByteInFirstContentStream(byte[] pdf)
    {
        var copy = (byte[])pdf.Clone();
        copy[IndexOf(copy, "stream\n") + 20] ^= 0x01;
        return copy;
    }

    /// <summary>An incremental update giving the first page one more content stream: a red box over the text.</summary>
    public static byte[] AppendVisibleContent(byte[] pdf)
    {
        var file = PdfFile.Parse(pdf);
        var writer = new PdfIncrementalWriter(file);
        var content = writer.Allocate();
        writer.WriteStream(content, Encoding.ASCII.GetBytes("q 1 0 0 rg 100 600 300 80 re f Q"));
        var pageReference = file.FirstPageReference();
        var page = file.ReadDictionary(pageReference);
        var contents = page["Contents"] switch
        {
            PdfArray array => array.Items,
            { } single => [single],
            null => [],
        };
        page["Contents"] = new PdfArray([.. contents, content]);
        writer.Write(pageReference, page);
        return writer.Finish();
    }

    /// <summary>
    /// Signature wrapping: a new revision moves the first signature's dictionary (same object number,
    /// same /ByteRange and /Contents) elsewhere, so the ByteRange gap no longer encloses its /Contents.
    /// </summary>
    public static byte[] MoveFirstSignatureDictionary(byte[] pdf)
    {
        var file = PdfFile.Parse(pdf);
        var reference = (PdfReference)file.Fields().First().Field["V"]!;
        var writer = new PdfIncrementalWriter(file);
        writer.Write(reference, file.ReadDictionary(reference));
        return writer.Finish();
    }

    /// <summary>Overwrites the start of the first signature's /Contents (unsigned bytes) so it is no DER SEQUENCE.</summary>
    public static byte[] CorruptFirstContents(byte[] pdf)
    {
        var copy = (byte[])pdf.Clone();
        var at = IndexOf(copy, "/Contents <") + "/Contents <".Length;
        Encoding.ASCII.GetBytes("00000000").CopyTo(copy, at);
        return copy;
    }

    /// <summary>Turns the first signature's /ByteRange into something that is not four integers.</summary>
    public static byte[] CorruptFirstByteRange(byte[] pdf)
    {
        var copy = (byte[])pdf.Clone();
        var at = IndexOf(copy, "/ByteRange [0 ") + "/ByteRange [0 ".Length;
        copy[at] = (byte)'x';
        return copy;
    }

    /// <summary>
    /// Flips a bit inside the RSA signature value of the first signature's CMS. /Contents lies outside
    /// every ByteRange, so only the signature value check can notice.
    /// </summary>
    public static byte[] FlipFirstSignatureValue(byte[] pdf) =>
        FlipInsideContents(pdf, first: true, cms => new CmsSignedData(cms).GetSignerInfos().GetSigners()[0].GetSignature());

    /// <summary>Flips a bit inside the TSA's signature value of the document timestamp (the last /Contents).</summary>
    public static byte[] FlipDocumentTimeStampSignatureValue(byte[] pdf) =>
        FlipInsideContents(pdf, first: false, token => new CmsSignedData(token).GetSignerInfos().GetSigners()[0].GetSignature());

    private static byte[] FlipInsideContents(byte[] pdf, bool first, Func<byte[], byte[]> target)
    {
        var copy = (byte[])pdf.Clone();
        var marker = Encoding.ASCII.GetBytes("/Contents <");
        var at = (first ? copy.AsSpan().IndexOf(marker) : copy.AsSpan().LastIndexOf(marker)) + marker.Length;
        var end = Array.IndexOf(copy, (byte)'>', at);
        var contents = Convert.FromHexString(Encoding.ASCII.GetString(copy, at, end - at));
        var der = PdfSignatureInfo.FirstDerObject(contents);
        var value = target(der);
        var offset = der.AsSpan().IndexOf(value);
        if (offset < 0)
            throw new InvalidOperationException("The signature value is not in /Contents.");
        var flipped = (byte)(contents[offset + value.Length / 2] ^ 0x01);
        Encoding.ASCII.GetBytes(Convert.ToHexString([flipped])).CopyTo(copy, at + 2 * (offset + value.Length / 2));
        return copy;
    }

    private static int IndexOf(byte[] data, string text)
    {
        var index = data.AsSpan().IndexOf(Encoding.ASCII.GetBytes(text));
        return index >= 0 ? index : throw new InvalidOperationException($"'{text}' is not in the PDF.");
    }
}
