using System.Globalization;
using System.Text;

namespace JudicialRecords.Documents.Signing.Pdf;

/// <summary>Thrown when a PDF cannot be read well enough to sign it.</summary>
public sealed class PdfFormatException(string message) : Exception(message);

/// <summary>A tokenizer and object parser over the raw bytes of a PDF (ISO 32000-1 §7.2–7.3).</summary>
internal sealed class PdfParser(byte[] data, int position)
{
    private enum Kind { Eof, DictStart, DictEnd, ArrayStart, ArrayEnd, Name, String, Regular }

    private readonly record struct Token(Kind Kind, string Text, int Start);

    // Nesting is recursive; a hostile file of "[[[[..." must fail cleanly, not overflow the stack.
    private const int MaxDepth = 64;
    private int _depth;

    public int Position { get; set; } = position;

    public static bool IsWhitespace(byte b) => b is 0 or 9 or 10 or 12 or 13 or 32;

    private static bool IsDelimiter(byte b) =>
        b is (byte)'(' or (byte)')' or (byte)'<' or (byte)'>' or (byte)'[' or (byte)']'
            or (byte)'{' or (byte)'}' or (byte)'/' or (byte)'%';

    /// <summary>Reads "N G obj" and the object after it.</summary>
    public PdfObject ReadIndirectObject(int expectedNumber)
    {
        var number = ReadInteger();
        ReadInteger();
        var keyword = Next();
        if (number != expectedNumber || keyword.Text != "obj")
            throw new PdfFormatException($"Object {expectedNumber} is not at the offset the cross-reference table gives.");
        return ReadObject();
    }

    public int ReadInteger()
    {
        var token = Next();
        if (token.Kind != Kind.Regular || !int.TryParse(token.Text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            throw new PdfFormatException($"Expected an integer at offset {token.Start}.");
        return value;
    }

    public string ReadKeyword() => Next().Text;

    public PdfObject ReadObject()
    {
        var token = Next();
        if ((token.Kind is Kind.DictStart or Kind.ArrayStart) && _depth >= MaxDepth)
            throw new PdfFormatException($"Objects are nested too deeply at offset {token.Start}.");
        _depth++;
        try
        {
            return token.Kind switch
            {
                Kind.DictStart => ReadDictionaryBody(),
                Kind.ArrayStart => ReadArrayBody(),
                Kind.Name => new PdfName(token.Text),
                Kind.String => new PdfAtom(token.Text),
                Kind.Regular => ReadNumberOrReference(token),
                _ => throw new PdfFormatException($"Unexpected '{token.Text}' at offset {token.Start}."),
            };
        }
        finally
        {
            _depth--;
        }
    }

    /// <summary>
    /// Reads "N G obj &lt;&lt; ... &gt;&gt;" and returns where each top-level value lies in the file, in file
    /// order and with duplicates kept: a verifier needs the exact position of /Contents and /ByteRange.
    /// </summary>
    public IReadOnlyList<(string Key, int Start, int End)> ReadIndirectDictionaryLayout(int expectedNumber)
    {
        var number = ReadInteger();
        ReadInteger();
        if (number != expectedNumber || Next().Text != "obj" || Next().Kind != Kind.DictStart)
            throw new PdfFormatException($"Object {expectedNumber} is not a dictionary at the offset the cross-reference table gives.");
        var entries = new List<(string, int, int)>();
        while (true)
        {
            var key = Next();
            if (key.Kind == Kind.DictEnd)
                return entries;
            if (key.Kind != Kind.Name)
                throw new PdfFormatException($"Expected a name as dictionary key at offset {key.Start}.");
            SkipWhitespaceAndComments();
            var start = Position;
            ReadObject();
            entries.Add((key.Text, start, Position));
        }
    }

    private PdfObject ReadNumberOrReference(Token first)
    {
        if (!IsUnsignedInteger(first.Text))
            return new PdfAtom(first.Text);
        var restart = Position;
        var second = Next();
        if (second.Kind == Kind.Regular && IsUnsignedInteger(second.Text))
        {
            var third = Next();
            if (third.Kind == Kind.Regular && third.Text == "R")
                return new PdfReference(int.Parse(first.Text, CultureInfo.InvariantCulture), int.Parse(second.Text, CultureInfo.InvariantCulture));
        }
        Position = restart;
        return new PdfAtom(first.Text);
    }

    private static bool IsUnsignedInteger(string text) =>
        text.Length is > 0 and <= 10 && text.All(char.IsAsciiDigit);

    private PdfDictionary ReadDictionaryBody()
    {
        var dictionary = new PdfDictionary();
        while (true)
        {
            var key = Next();
            if (key.Kind == Kind.DictEnd)
                return dictionary;
            if (key.Kind != Kind.Name)
                throw new PdfFormatException($"Expected a name as dictionary key at offset {key.Start}.");
            dictionary[key.Text] = ReadObject();
        }
    }

    private PdfArray ReadArrayBody()
    {
        var array = new PdfArray();
        while (true)
        {
            var restart = Position;
            var token = Next();
            if (token.Kind == Kind.ArrayEnd)
                return array;
            if (token.Kind == Kind.Eof)
                throw new PdfFormatException("Unterminated array.");
            Position = restart;
            array.Items.Add(ReadObject());
        }
    }

    private void SkipWhitespaceAndComments()
    {
        while (Position < data.Length)
        {
            var b = data[Position];
            if (IsWhitespace(b))
                Position++;
            else if (b == '%')
            {
                while (Position < data.Length && data[Position] != '\n' && data[Position] != '\r')
                    Position++;
            }
            else
                return;
        }
    }

    private Token Next()
    {
        SkipWhitespaceAndComments();
        var start = Position;
        if (Position >= data.Length)
            return new Token(Kind.Eof, "", start);
        var b = data[Position];
        switch (b)
        {
            case (byte)'<' when Position + 1 < data.Length && data[Position + 1] == '<':
                Position += 2;
                return new Token(Kind.DictStart, "<<", start);
            case (byte)'>' when Position + 1 < data.Length && data[Position + 1] == '>':
                Position += 2;
                return new Token(Kind.DictEnd, ">>", start);
            case (byte)'[':
                Position++;
                return new Token(Kind.ArrayStart, "[", start);
            case (byte)']':
                Position++;
                return new Token(Kind.ArrayEnd, "]", start);
            case (byte)'/':
                Position++;
                while (Position < data.Length && !IsWhitespace(data[Position]) && !IsDelimiter(data[Position]))
                    Position++;
                return new Token(Kind.Name, Latin1(start + 1, Position), start);
            case (byte)'<':
                var close = Array.IndexOf(data, (byte)'>', Position);
                if (close < 0)
                    throw new PdfFormatException($"Unterminated hex string at offset {start}.");
                Position = close + 1;
                return new Token(Kind.String, Latin1(start, Position), start);
            case (byte)'(':
                SkipLiteralString();
                return new Token(Kind.String, Latin1(start, Position), start);
            case (byte)')' or (byte)'>' or (byte)'{' or (byte)'}':
                Position++;
                return new Token(Kind.Regular, ((char)b).ToString(), start);
            default:
                while (Position < data.Length && !IsWhitespace(data[Position]) && !IsDelimiter(data[Position]))
                    Position++;
                return new Token(Kind.Regular, Latin1(start, Position), start);
        }
    }

    private void SkipLiteralString()
    {
        var depth = 0;
        while (Position < data.Length)
        {
            var b = data[Position++];
            if (b == '\\')
                Position++;
            else if (b == '(')
                depth++;
            else if (b == ')' && --depth == 0)
                return;
        }
        throw new PdfFormatException("Unterminated literal string.");
    }

    private string Latin1(int from, int to) => Encoding.Latin1.GetString(data, from, to - from);
}
