using System.Text;

namespace JudicialRecords.Documents.Signing.Pdf;

/// <summary>
/// Read access to an existing PDF through its classic cross-reference tables, following /Prev through
/// every earlier revision. Objects are parsed on demand and never cached, so callers may modify what
/// they get and write it back as a new revision.
/// </summary>
internal sealed class PdfFile
{
    private readonly Dictionary<int, (int Offset, int Generation)> _objects;

    private PdfFile(byte[] data, int startXref, PdfDictionary trailer, Dictionary<int, (int, int)> objects)
    {
        Data = data;
        StartXref = startXref;
        Trailer = trailer;
        _objects = objects;
    }

    public byte[] Data { get; }

    /// <summary>Offset of the newest cross-reference section: the next revision's /Prev.</summary>
    public int StartXref { get; }

    /// <summary>The newest trailer.</summary>
    public PdfDictionary Trailer { get; }

    public int Size => (Trailer["Size"] as PdfAtom)?.AsInteger() ?? throw new PdfFormatException("The trailer has no /Size.");

    public PdfReference RootReference =>
        Trailer["Root"] as PdfReference ?? throw new PdfFormatException("The trailer has no /Root reference.");

    public static PdfFile Parse(byte[] data)
    {
        if (data.Length < 8 || !data.AsSpan(0, 5).SequenceEqual("%PDF-"u8))
            throw new PdfFormatException("Not a PDF file (no %PDF- header).");
        var startXref = FindStartXref(data);
        var objects = new Dictionary<int, (int, int)>();
        PdfDictionary? newestTrailer = null;
        var visited = new HashSet<int>();
        int? section = startXref;
        while (section is { } offset)
        {
            if (!visited.Add(offset) || offset <= 0 || offset >= data.Length)
                throw new PdfFormatException($"Invalid or looping cross-reference offset {offset}.");
            var trailer = ReadXrefSection(data, offset, objects);
            newestTrailer ??= trailer;
            section = (trailer["Prev"] as PdfAtom)?.AsInteger();
        }
        if (newestTrailer!["Encrypt"] is not null)
            throw new PdfFormatException("Encrypted PDFs are not supported.");
        return new PdfFile(data, startXref, newestTrailer, objects);
    }

    /// <summary>
    /// Each object number's cross-reference entry in the newest revision: the offset of "N G obj", or -1
    /// for a free entry. Comparing two revisions' entries tells which objects a later update replaced.
    /// </summary>
    public IReadOnlyDictionary<int, (int Offset, int Generation)> Entries => _objects;

    /// <summary>Offset of "N G obj" for a live object.</summary>
    public int OffsetOf(PdfReference reference)
    {
        if (!_objects.TryGetValue(reference.Number, out var entry) || entry.Generation != reference.Generation || entry.Offset < 0)
            throw new PdfFormatException($"Object {reference.Number} {reference.Generation} is not in the cross-reference table.");
        return entry.Offset;
    }

    /// <summary>The decoded data of a stream object (no filter or /FlateDecode, the only ones DSS writers use).</summary>
    public byte[] ReadStreamData(PdfReference reference)
    {
        var parser = new PdfParser(Data, OffsetOf(reference));
        var dictionary = parser.ReadIndirectObject(reference.Number) as PdfDictionary
            ?? throw new PdfFormatException($"Object {reference.Number} is not a stream.");
        if (parser.ReadKeyword() != "stream")
            throw new PdfFormatException($"Object {reference.Number} is not a stream.");
        // The keyword is followed by CRLF or LF, then exactly /Length bytes (ISO 32000-1 §7.3.8.1).
        var start = parser.Position;
        if (start < Data.Length && Data[start] == '\r')
            start++;
        if (start < Data.Length && Data[start] == '\n')
            start++;
        var length = (Resolve(dictionary["Length"] ?? throw new PdfFormatException("A stream has no /Length.")) as PdfAtom)?.AsInteger();
        if (length is not { } count || count < 0 || count > Data.Length - start)
            throw new PdfFormatException($"Stream {reference.Number} has a bad /Length.");
        var raw = Data.AsSpan(start, count).ToArray();
        return Resolve(dictionary["Filter"] ?? new PdfArray()) switch
        {
            PdfArray { Items.Count: 0 } => raw,
            PdfName { Value: "FlateDecode" } or PdfArray { Items: [PdfName { Value: "FlateDecode" }] } => Inflate(raw),
            _ => throw new PdfFormatException($"Stream {reference.Number} uses an unsupported filter."),
        };
    }

    // Certificates and CRLs are kilobytes; the cap keeps a hostile "zip bomb" stream from exhausting memory.
    private const int MaxInflatedLength = 16 * 1024 * 1024;

    private static byte[] Inflate(byte[] compressed)
    {
        using var input = new System.IO.Compression.ZLibStream(new MemoryStream(compressed), System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = input.Read(buffer)) > 0)
        {
            if (output.Length + read > MaxInflatedLength)
                throw new PdfFormatException("A stream inflates beyond the size limit.");
            output.Write(buffer, 0, read);
        }
        return output.ToArray();
    }

    public PdfObject ReadObject(PdfReference reference) =>
        new PdfParser(Data, OffsetOf(reference)).ReadIndirectObject(reference.Number);

    public PdfObject Resolve(PdfObject value) => value is PdfReference reference ? ReadObject(reference) : value;

    public PdfDictionary ReadDictionary(PdfReference reference) =>
        ReadObject(reference) as PdfDictionary ?? throw new PdfFormatException($"Object {reference.Number} is not a dictionary.");

    public PdfDictionary Catalog => ReadDictionary(RootReference);

    /// <summary>The first page, found by walking the page tree's first kids.</summary>
    public PdfReference FirstPageReference()
    {
        var node = Catalog["Pages"] as PdfReference ?? throw new PdfFormatException("The catalog has no /Pages reference.");
        for (var depth = 0; depth < 64; depth++)
        {
            var dictionary = ReadDictionary(node);
            if (dictionary.NameOf("Type") == "Page")
                return node;
            var kids = Resolve(dictionary["Kids"] ?? throw new PdfFormatException("A page tree node has no /Kids.")) as PdfArray;
            node = kids?.Items.FirstOrDefault() as PdfReference ?? throw new PdfFormatException("The document has no pages.");
        }
        throw new PdfFormatException("The page tree is too deep.");
    }

    /// <summary>Terminal form fields (the AcroForm's /Fields and their /Kids).</summary>
    public IEnumerable<(PdfReference Reference, PdfDictionary Field)> Fields()
    {
        if (Catalog["AcroForm"] is not { } acroFormValue || Resolve(acroFormValue) is not PdfDictionary acroForm)
            yield break;
        if (acroForm["Fields"] is not { } fieldsValue || Resolve(fieldsValue) is not PdfArray fields)
            yield break;
        var pending = new Stack<PdfReference>(fields.Items.OfType<PdfReference>().Reverse());
        var seen = new HashSet<int>();
        while (pending.Count > 0)
        {
            var reference = pending.Pop();
            if (!seen.Add(reference.Number))
                continue;
            var field = ReadDictionary(reference);
            if (field["Kids"] is { } kidsValue && Resolve(kidsValue) is PdfArray kids)
            {
                foreach (var kid in kids.Items.OfType<PdfReference>().Reverse())
                    pending.Push(kid);
            }
            else
                yield return (reference, field);
        }
    }

    /// <summary>Every signature and document timestamp, in field order.</summary>
    public IReadOnlyList<PdfSignatureInfo> Signatures()
    {
        var signatures = new List<PdfSignatureInfo>();
        foreach (var (_, field) in Fields())
        {
            if (field.NameOf("FT") != "Sig" || field["V"] is not { } value || Resolve(value) is not PdfDictionary signature)
                continue;
            signatures.Add(PdfSignatureInfo.From(field, signature));
        }
        return signatures;
    }

    private static int FindStartXref(byte[] data)
    {
        var tail = Math.Max(0, data.Length - 2048);
        var index = data.AsSpan(tail).LastIndexOf("startxref"u8);
        if (index < 0)
            throw new PdfFormatException("No startxref near the end of the file.");
        return new PdfParser(data, tail + index + "startxref".Length).ReadInteger();
    }

    private static PdfDictionary ReadXrefSection(byte[] data, int offset, Dictionary<int, (int, int)> objects)
    {
        var parser = new PdfParser(data, offset);
        if (parser.ReadKeyword() != "xref")
            throw new PdfFormatException("Cross-reference streams are not supported: save the PDF with a classic xref table.");
        while (true)
        {
            var restart = parser.Position;
            var keyword = parser.ReadKeyword();
            if (keyword == "trailer")
                return parser.ReadObject() as PdfDictionary ?? throw new PdfFormatException("The trailer is not a dictionary.");
            parser.Position = restart;
            var first = parser.ReadInteger();
            var count = parser.ReadInteger();
            for (var i = 0; i < count; i++)
            {
                var entryOffset = parser.ReadInteger();
                var generation = parser.ReadInteger();
                var type = parser.ReadKeyword();
                // Newer sections are read first, so an entry already present wins.
                if (type == "n" && !objects.ContainsKey(first + i))
                    objects[first + i] = (entryOffset, generation);
                else if (type == "f")
                    objects.TryAdd(first + i, (-1, -1));
                else if (type != "n")
                    throw new PdfFormatException($"Bad cross-reference entry type '{type}'.");
            }
        }
    }

    internal static string Latin1(ReadOnlySpan<byte> bytes) => Encoding.Latin1.GetString(bytes);
}
