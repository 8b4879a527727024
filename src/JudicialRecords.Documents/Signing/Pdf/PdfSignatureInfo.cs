using System.Text;

namespace JudicialRecords.Documents.Signing.Pdf;

/// <summary>A signature field's value as found in the file: what a verifier or the DSS builder needs.</summary>
internal sealed record PdfSignatureInfo(
    string FieldName,
    string? SubFilter,
    IReadOnlyList<long> ByteRange,
    byte[] Contents)
{
    private static readonly System.Buffers.SearchValues<char> HexDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFabcdef");

    public static PdfSignatureInfo From(PdfDictionary field, PdfDictionary signature)
    {
        var byteRange = (signature["ByteRange"] as PdfArray)?.Items
            .Select(i => (i as PdfAtom)?.AsInteger() ?? throw new PdfFormatException("/ByteRange holds a non-integer."))
            .Select(i => (long)i).ToList() ?? [];
        var contents = signature["Contents"] is PdfAtom { Text: ['<', .., '>'] } atom
            ? DecodeHex(atom.Text.AsSpan(1, atom.Text.Length - 2))
            : throw new PdfFormatException("/Contents is not a hex string.");
        return new PdfSignatureInfo(DecodeFieldName(field["T"]), signature.NameOf("SubFilter"), byteRange, contents);
    }

    /// <summary>
    /// The DER object at the start of /Contents without the zero padding that fills the reserved space.
    /// </summary>
    public byte[] SignatureDer => FirstDerObject(Contents);

    public static byte[] FirstDerObject(byte[] bytes)
    {
        if (bytes.Length < 2 || bytes[0] != 0x30)
            throw new PdfFormatException("/Contents does not start with a DER SEQUENCE.");
        int length, header;
        if (bytes[1] < 0x80)
        {
            length = bytes[1];
            header = 2;
        }
        else
        {
            var lengthBytes = bytes[1] & 0x7F;
            if (lengthBytes is 0 or > 4 || bytes.Length < 2 + lengthBytes)
                throw new PdfFormatException("/Contents has an indefinite or oversized ASN.1 length.");
            length = 0;
            for (var i = 0; i < lengthBytes; i++)
                length = (length << 8) | bytes[2 + i];
            header = 2 + lengthBytes;
        }
        if (length < 0 || header + length > bytes.Length)
            throw new PdfFormatException("/Contents is shorter than its ASN.1 length.");
        return bytes.AsSpan(0, header + length).ToArray();
    }

    private static string DecodeFieldName(PdfObject? value)
    {
        if (value is not PdfAtom { Text: var text })
            return "";
        if (text.StartsWith('<'))
        {
            var bytes = DecodeHex(text.AsSpan(1, text.Length - 2));
            return bytes is [0xFE, 0xFF, ..] ? Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2) : Encoding.Latin1.GetString(bytes);
        }
        // Our own field names are plain ASCII literals; escapes are not expected here.
        return text.Trim('(', ')');
    }

    private static byte[] DecodeHex(ReadOnlySpan<char> hex)
    {
        // Fast path: signature /Contents is tens of kilobytes of unbroken, even-length hex.
        if (hex.Length % 2 == 0 && !hex.ContainsAnyExcept(HexDigits))
            return Convert.FromHexString(hex);
        var digits = new StringBuilder(hex.Length);
        foreach (var c in hex)
        {
            if (char.IsAsciiHexDigit(c))
                digits.Append(c);
            else if (!char.IsWhiteSpace(c))
                throw new PdfFormatException("A hex string holds a non-hex character.");
        }
        if (digits.Length % 2 == 1)
            digits.Append('0');
        return Convert.FromHexString(digits.ToString());
    }
}
