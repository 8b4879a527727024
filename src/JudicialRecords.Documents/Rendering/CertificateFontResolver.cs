using System.Collections.Concurrent;
using PdfSharp.Fonts;

namespace JudicialRecords.Documents.Rendering;

/// <summary>
/// Serves Liberation Serif 2 from this assembly's resources. PDFsharp has no system-font lookup
/// on Linux, and shipping the fonts makes output identical on every machine. Liberation Serif
/// rather than DejaVu: PDFsharp's subsetter follows composite glyphs one level deep only, and
/// DejaVu's nested composites would print ộ, ị, ậ … without their marks.
/// </summary>
public sealed class CertificateFontResolver : IFontResolver
{
    public const string FamilyName = "Liberation Serif";

    private const string ResourcePrefix = "JudicialRecords.Documents.Fonts.";

    private static readonly object RegistrationLock = new();

    private readonly ConcurrentDictionary<string, byte[]> _faces = new();

    public static CertificateFontResolver Instance { get; } = new();

    private CertificateFontResolver()
    {
    }

    /// <summary>
    /// Installs the resolver in PDFsharp's process-wide settings. PDFsharp allows one resolver per
    /// process, set before any font is used, so a different resolver already in place is an error
    /// rather than something to silently replace.
    /// </summary>
    public static void EnsureRegistered()
    {
        lock (RegistrationLock)
        {
            var current = GlobalFontSettings.FontResolver;
            if (ReferenceEquals(current, Instance))
                return;
            if (current is not null)
                throw new InvalidOperationException(
                    $"PDFsharp already has the font resolver {current.GetType().FullName}; certificates need {nameof(CertificateFontResolver)}.");
            GlobalFontSettings.FontResolver = Instance;
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic)
    {
        if (!string.Equals(familyName, FamilyName, StringComparison.OrdinalIgnoreCase))
            return null;
        var face = (bold, italic) switch
        {
            (false, false) => "LiberationSerif-Regular",
            (true, false) => "LiberationSerif-Bold",
            (false, true) => "LiberationSerif-Italic",
            (true, true) => "LiberationSerif-BoldItalic",
        };
        return new FontResolverInfo(face);
    }

    public byte[]? GetFont(string faceName) => _faces.GetOrAdd(faceName, Load);

    private static byte[] Load(string faceName)
    {
        var name = ResourcePrefix + faceName + ".ttf";
        using var stream = typeof(CertificateFontResolver).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Embedded font {name} is missing from the assembly.");
        using var buffer = new MemoryStream(checked((int)stream.Length));
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }
}
