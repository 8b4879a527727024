using System.Globalization;
using System.Text;

namespace JudicialRecords.Documents.Signing.Pdf;

/// <summary>
/// A minimal PDF object model: just enough to read the catalog, pages and signature dictionaries and to
/// write updated copies of them. Text is handled as Latin-1 so every byte round-trips unchanged.
/// </summary>
internal abstract class PdfObject
{
    public abstract void WriteTo(StringBuilder output);

    public override string ToString()
    {
        var output = new StringBuilder();
        WriteTo(output);
        return output.ToString();
    }
}

/// <summary>A name, stored as written in the file (without the slash, escapes kept).</summary>
internal sealed class PdfName(string value) : PdfObject
{
    public string Value { get; } = value;

    public override void WriteTo(StringBuilder output) => output.Append('/').Append(Value);
}

/// <summary>A number, boolean, null or string, kept verbatim.</summary>
internal sealed class PdfAtom(string text) : PdfObject
{
    public string Text { get; } = text;

    public static PdfAtom Integer(long value) => new(value.ToString(CultureInfo.InvariantCulture));

    /// <summary>A text string as UTF-16BE with a byte order mark, the form readers decode reliably for Vietnamese.</summary>
    public static PdfAtom TextString(string value)
    {
        var bytes = Encoding.BigEndianUnicode.GetBytes(value.Normalize(NormalizationForm.FormC));
        return new PdfAtom("<FEFF" + Convert.ToHexString(bytes) + ">");
    }

    public int? AsInteger() => int.TryParse(Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) ? value : null;

    public override void WriteTo(StringBuilder output) => output.Append(Text);
}

internal sealed class PdfReference(int number, int generation) : PdfObject
{
    public int Number { get; } = number;
    public int Generation { get; } = generation;

    public override void WriteTo(StringBuilder output) =>
        output.Append(Number.ToString(CultureInfo.InvariantCulture)).Append(' ')
            .Append(Generation.ToString(CultureInfo.InvariantCulture)).Append(" R");

    public bool SameAs(PdfReference other) => Number == other.Number && Generation == other.Generation;
}

internal sealed class PdfArray : PdfObject
{
    public PdfArray(IEnumerable<PdfObject>? items = null) => Items = items?.ToList() ?? [];

    public List<PdfObject> Items { get; }

    public override void WriteTo(StringBuilder output)
    {
        output.Append('[');
        for (var i = 0; i < Items.Count; i++)
        {
            if (i > 0)
                output.Append(' ');
            Items[i].WriteTo(output);
        }
        output.Append(']');
    }
}

/// <summary>A dictionary that keeps its entries in file order, so rewritten objects stay recognisable.</summary>
internal sealed class PdfDictionary : PdfObject
{
    private readonly List<KeyValuePair<string, PdfObject>> _entries = [];

    public IReadOnlyList<KeyValuePair<string, PdfObject>> Entries => _entries;

    public PdfObject? this[string key]
    {
        get => _entries.FirstOrDefault(e => e.Key == key).Value;
        set
        {
            var index = _entries.FindIndex(e => e.Key == key);
            if (value is null)
            {
                if (index >= 0)
                    _entries.RemoveAt(index);
            }
            else if (index >= 0)
                _entries[index] = new(key, value);
            else
                _entries.Add(new(key, value));
        }
    }

    public string? NameOf(string key) => (this[key] as PdfName)?.Value;

    public override void WriteTo(StringBuilder output)
    {
        output.Append("<<");
        foreach (var (key, value) in _entries)
        {
            output.Append(" /").Append(key).Append(' ');
            value.WriteTo(output);
        }
        output.Append(" >>");
    }
}
