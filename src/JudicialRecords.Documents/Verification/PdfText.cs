using System.Globalization;
using System.Text;
using JudicialRecords.Documents.Signing.Pdf;

namespace JudicialRecords.Documents.Verification;

/// <summary>Decodes PDF text strings and dates (ISO 32000-1 §7.3.4, §7.9.2, §7.9.4) as read by the parser.</summary>
internal static class PdfText
{
    /// <summary>A literal "(...)" or hex "&lt;...&gt;" string as text: UTF-16BE or UTF-8 with a byte order mark, else PDFDocEncoding (read as Latin-1).</summary>
    public static string? Decode(PdfObject? value)
    {
        if (value is not PdfAtom { Text: var text } || text.Length < 2)
            return null;
        byte[] bytes;
        if (text[0] == '<' && text[^1] == '>')
        {
            var hex = new string(text.AsSpan(1, text.Length - 2).ToArray().Where(c => !char.IsWhiteSpace(c)).ToArray());
            if (hex.Length % 2 == 1)
                hex += "0";
            if (!hex.All(char.IsAsciiHexDigit))
                return null;
            bytes = Convert.FromHexString(hex);
        }
        else if (text[0] == '(' && text[^1] == ')')
            bytes = Unescape(text.AsSpan(1, text.Length - 2));
        else
            return null;

        if (bytes is [0xFE, 0xFF, ..])
            return Encoding.BigEndianUnicode.GetString(bytes, 2, bytes.Length - 2);
        if (bytes is [0xEF, 0xBB, 0xBF, ..])
            return Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        return Encoding.Latin1.GetString(bytes);
    }

    /// <summary>A date "D:YYYYMMDDHHmmSSOHH'mm'", where everything after the year is optional.</summary>
    public static DateTimeOffset? Date(PdfObject? value)
    {
        if (Decode(value) is not { } text)
            return null;
        if (text.StartsWith("D:", StringComparison.Ordinal))
            text = text[2..];
        var digits = new string(text.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length < 4 || digits.Length > 14 || digits.Length % 2 == 1)
            return null;
        var stamp = digits + "0101000000"[(digits.Length - 4)..];
        if (!DateTime.TryParseExact(stamp, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
            return null;
        var zone = text[digits.Length..].Replace("'", "", StringComparison.Ordinal);
        var offset = TimeSpan.Zero;
        if (zone.Length >= 3 && (zone[0] is '+' or '-')
            && int.TryParse(zone.AsSpan(1, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hours))
        {
            var minutes = zone.Length >= 5 && int.TryParse(zone.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) ? m : 0;
            offset = new TimeSpan(hours, minutes, 0) * (zone[0] == '-' ? -1 : 1);
        }
        return offset.Duration() <= TimeSpan.FromHours(14) ? new DateTimeOffset(local, offset).ToUniversalTime() : null;
    }

    private static byte[] Unescape(ReadOnlySpan<char> literal)
    {
        var output = new List<byte>(literal.Length);
        for (var i = 0; i < literal.Length; i++)
        {
            var c = literal[i];
            if (c != '\\' || i + 1 >= literal.Length)
            {
                output.Add((byte)c);
                continue;
            }
            var next = literal[++i];
            switch (next)
            {
                case 'n': output.Add((byte)'\n'); break;
                case 'r': output.Add((byte)'\r'); break;
                case 't': output.Add((byte)'\t'); break;
                case 'b': output.Add((byte)'\b'); break;
                case 'f': output.Add((byte)'\f'); break;
                case '\r':
                    // A backslash before an end of line continues the string on the next line.
                    if (i + 1 < literal.Length && literal[i + 1] == '\n')
                        i++;
                    break;
                case '\n':
                    break;
                case >= '0' and <= '7':
                    var code = next - '0';
                    for (var k = 0; k < 2 && i + 1 < literal.Length && literal[i + 1] is >= '0' and <= '7'; k++)
                        code = code * 8 + (literal[++i] - '0');
                    output.Add((byte)code);
                    break;
                default:
                    output.Add((byte)next);
                    break;
            }
        }
        return output.ToArray();
    }
}
