using System.Globalization;
using System.Text;

namespace JudicialRecords.Documents.Signing.Pdf;

/// <summary>
/// Appends one revision to a PDF (ISO 32000-1 §7.5.6): new and replaced objects, a cross-reference
/// section listing only them, and a trailer whose /Prev points at the previous section. The original
/// bytes are never touched, which is what keeps earlier signatures valid.
/// </summary>
internal sealed class PdfIncrementalWriter
{
    private readonly PdfFile _file;
    // Only the new revision is buffered; Finish copies the original bytes once, into the result.
    private readonly MemoryStream _output;
    private readonly bool _separatorNeeded;
    private readonly long _base;
    private readonly SortedDictionary<int, (long Offset, int Generation)> _written = [];
    private int _nextNumber;

    public PdfIncrementalWriter(PdfFile file, int extraCapacity = 0)
    {
        _file = file;
        _output = new MemoryStream(extraCapacity + 4096);
        _separatorNeeded = file.Data[^1] is not ((byte)'\n' or (byte)'\r');
        _base = file.Data.Length + (_separatorNeeded ? 1 : 0);
        _nextNumber = file.Size;
    }

    /// <summary>Where the next byte written lands in the whole file.</summary>
    private long Position => _base + _output.Position;

    public PdfReference Allocate() => new(_nextNumber++, 0);

    /// <summary>Writes an object and returns the offset where its value (after "N G obj\n") starts.</summary>
    public long Write(PdfReference reference, PdfObject value)
    {
        var text = new StringBuilder();
        value.WriteTo(text);
        var offset = Begin(reference);
        WriteAscii(text.Append("\nendobj\n").ToString());
        return offset;
    }

    public void WriteStream(PdfReference reference, byte[] content)
    {
        Begin(reference);
        WriteAscii("<< /Length " + content.Length.ToString(CultureInfo.InvariantCulture) + " >>\nstream\n");
        _output.Write(content);
        WriteAscii("\nendstream\nendobj\n");
    }

    /// <summary>Writes the cross-reference section and trailer and returns the whole new file.</summary>
    public byte[] Finish()
    {
        var xrefOffset = Position;
        var xref = new StringBuilder("xref\n");
        var numbers = _written.Keys.ToList();
        for (var start = 0; start < numbers.Count;)
        {
            var end = start;
            while (end + 1 < numbers.Count && numbers[end + 1] == numbers[end] + 1)
                end++;
            xref.Append(CultureInfo.InvariantCulture, $"{numbers[start]} {end - start + 1}\n");
            for (var i = start; i <= end; i++)
            {
                var (offset, generation) = _written[numbers[i]];
                // Each entry is exactly 20 bytes: 10 + 1 + 5 + 1 + 1 + a two-byte end of line.
                xref.Append(CultureInfo.InvariantCulture, $"{offset:D10} {generation:D5} n \n");
            }
            start = end + 1;
        }

        var trailer = new PdfDictionary
        {
            ["Size"] = PdfAtom.Integer(Math.Max(_nextNumber, _file.Size)),
            ["Root"] = _file.RootReference,
        };
        foreach (var key in new[] { "Info", "ID" })
        {
            if (_file.Trailer[key] is { } value)
                trailer[key] = value;
        }
        trailer["Prev"] = PdfAtom.Integer(_file.StartXref);
        xref.Append("trailer\n").Append(trailer).Append('\n');
        xref.Append(CultureInfo.InvariantCulture, $"startxref\n{xrefOffset}\n%%EOF\n");
        WriteAscii(xref.ToString());

        var result = new byte[checked((int)(_base + _output.Length))];
        _file.Data.CopyTo(result, 0);
        if (_separatorNeeded)
            result[_file.Data.Length] = (byte)'\n';
        _output.GetBuffer().AsSpan(0, (int)_output.Length).CopyTo(result.AsSpan((int)_base));
        return result;
    }

    private long Begin(PdfReference reference)
    {
        if (!_written.TryAdd(reference.Number, (Position, reference.Generation)))
            throw new InvalidOperationException($"Object {reference.Number} is written twice in one revision.");
        WriteAscii(string.Create(CultureInfo.InvariantCulture, $"{reference.Number} {reference.Generation} obj\n"));
        return Position;
    }

    private void WriteAscii(string text) => _output.Write(Encoding.Latin1.GetBytes(text));
}
