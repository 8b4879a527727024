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
    /// An incremental update adding to the first page's /Annots an annotation that calls itself a signature field (/FT /Sig,
    /// no /V) with the given <paramref name="subtype"/> and <paramref name="rectangle"/> entries and, when
    /// <paramref name="appearance"/>, a form XObject of its own: a white box over the text, unless the verifier reads it right.
    /// </summary>
    public static byte[] AppendSignatureFieldOverlay(byte[] pdf, string? subtype, string rectangle, bool appearance)
    {
        var file = PdfFile.Parse(pdf);
        var writer = new PdfIncrementalWriter(file);
        var annotation = writer.Allocate();
        var field = new PdfDictionary { ["FT"] = new PdfName("Sig"), ["Rect"] = ArrayOf(rectangle), ["IC"] = ArrayOf("1 1 1") };
        if (subtype is not null)
            field["Subtype"] = new PdfName(subtype);
        if (appearance)
        {
            var form = writer.Allocate();
            writer.WriteStream(form, Encoding.ASCII.GetBytes("q 1 1 1 rg 0 0 480 60 re f Q"));
            field["AP"] = new PdfDictionary { ["N"] = form };
        }
        writer.Write(annotation, field);
        var pageReference = file.FirstPageReference();
        var page = file.ReadDictionary(pageReference);
        var annotations = page["Annots"] is { } existing && file.Resolve(existing) is PdfArray array ? array.Items : [];
        page["Annots"] = new PdfArray([.. annotations, annotation]);
        writer.Write(pageReference, page);
        return writer.Finish();
    }

    /// <summary>
    /// An incremental update giving the catalog a new DSS whose /Certs lists <paramref name="streams"/> streams of
    /// <paramref name="size"/> bytes each, every one <paramref name="repeat"/> times.
    /// </summary>
    public static byte[] AppendDss(byte[] pdf, int streams, int size, int repeat)
    {
        var file = PdfFile.Parse(pdf);
        var writer = new PdfIncrementalWriter(file);
        var references = Enumerable.Range(0, streams).Select(_ => writer.Allocate()).ToList();
        foreach (var reference in references)
            writer.WriteStream(reference, new byte[size]);
        var dss = writer.Allocate();
        writer.Write(dss, new PdfDictionary { ["Certs"] = new PdfArray(Enumerable.Repeat(references, repeat).SelectMany(r => r)) });
        var catalog = file.ReadDictionary(file.RootReference);
        catalog["DSS"] = dss;
        writer.Write(file.RootReference, catalog);
        return writer.Finish();
    }

    /// <summary>An incremental update adding <paramref name="count"/> signature fields, each with a (bogus) signature value.</summary>
    public static byte[] AppendSignatureFields(byte[] pdf, int count)
    {
        var file = PdfFile.Parse(pdf);
        var writer = new PdfIncrementalWriter(file);
        var catalog = file.ReadDictionary(file.RootReference);
        var form = (PdfDictionary)file.Resolve(catalog["AcroForm"]!);
        var fields = ((PdfArray)file.Resolve(form["Fields"]!)).Items.ToList();
        for (var i = 0; i < count; i++)
        {
            var field = writer.Allocate();
            writer.Write(field, new PdfDictionary { ["FT"] = new PdfName("Sig"), ["V"] = new PdfDictionary { ["Type"] = new PdfName("Sig") } });
            fields.Add(field);
        }
        form["Fields"] = new PdfArray(fields);
        if (catalog["AcroForm"] is PdfReference formReference)
            writer.Write(formReference, form);
        else
            writer.Write(file.RootReference, catalog);
        return writer.Finish();
    }

    /// <summary>
    /// The last trailer's /Info made to name an object the file does not have. Only startxref and %%EOF follow the trailer,
    /// and startxref points before it, so the file still parses.
    /// </summary>
    public static byte[] PointInfoNowhere(byte[] pdf)
    {
        var at = pdf.AsSpan().LastIndexOf("/Info "u8) + "/Info ".Length;
        var end = Array.IndexOf(pdf, (byte)' ', at);
        return [.. pdf.AsSpan(0, at), .. "999999"u8, .. pdf.AsSpan(end)];
    }

    /// <summary>
    /// A new cross-reference section without /Prev that lists every object but the first page's content: a viewer no
    /// longer finds it, and no entry says it was deleted.
    /// </summary>
    public static byte[] DropFirstPageContentFromXref(byte[] pdf)
    {
        var file = PdfFile.Parse(pdf);
        var content = file.ReadDictionary(file.FirstPageReference())["Contents"] switch
        {
            PdfReference single => single,
            PdfArray array => (PdfReference)array.Items[0],
            _ => throw new InvalidOperationException("The first page has no content stream."),
        };
        var xref = new StringBuilder("xref\n0 1\n0000000000 65535 f \n");
        foreach (var (number, (offset, generation)) in file.Entries.Where(e => e.Value.Offset >= 0 && e.Key != content.Number).OrderBy(e => e.Key))
            xref.Append($"{number} 1\n{offset:D10} {generation:D5} n \n");
        var trailer = new PdfDictionary { ["Size"] = PdfAtom.Integer(file.Size), ["Root"] = file.RootReference };
        if (file.Trailer["Info"] is { } info)
            trailer["Info"] = info;
        xref.Append("trailer\n").Append(trailer).Append($"\nstartxref\n{pdf.Length}\n%%EOF\n");
        return [.. pdf, .. Encoding.ASCII.GetBytes(xref.ToString())];
    }

    /// <summary>An array of numbers and references ("0 0 600 9 0 R") as written in a PDF.</summary>
    private static PdfArray ArrayOf(string items)
    {
        var tokens = items.Split(' ');
        var array = new PdfArray();
        for (var i = 0; i < tokens.Length; i++)
        {
            if (i + 2 < tokens.Length && tokens[i + 2] == "R")
            {
                array.Items.Add(new PdfReference(int.Parse(tokens[i]), int.Parse(tokens[i + 1])));
                i += 2;
            }
            else
            {
                array.Items.Add(new PdfAtom(tokens[i]));
            }
        }
        return array;
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
