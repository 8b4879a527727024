using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using PdfSharp.Pdf.IO;

namespace JudicialRecords.Documents.Rendering;

/// <summary>
/// Renders the official certificate form with PDFsharp (MIT-licensed in 6.2.x, so no licence call).
/// Geometry follows Decree 30/2020 on administrative documents: A4, margins 20/15/20/30 mm,
/// Times-metric serif at 13 pt, authority top left, national name and motto top right.
/// </summary>
public sealed class PdfCertificateRenderer : ICertificateRenderer
{
    public const string NationalName = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
    public const string Motto = "Độc lập - Tự do - Hạnh phúc";
    public const string ConvictionsHeading = "Tình trạng án tích:";
    public const string BankruptcyBanHeading =
        "Thông tin về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã:";

    private const double Mm = 72 / 25.4;
    private const double PageWidth = 210 * Mm;
    private const double PageHeight = 297 * Mm;
    private const double MarginTop = 20 * Mm;
    private const double MarginBottom = 20 * Mm;
    private const double MarginLeft = 30 * Mm;
    private const double MarginRight = 15 * Mm;
    private const double ContentRight = PageWidth - MarginRight;
    private const double ContentWidth = ContentRight - MarginLeft;
    private const double ContentBottom = PageHeight - MarginBottom;

    private const double HeaderSize = 12;
    private const double BodySize = 13;
    private const double TitleSize = 14;
    private const double QrTextSize = 7;
    private const double LineFactor = 1.15;
    private const double ParagraphGap = 3;
    private const double SectionGap = 8;
    private const double EntryIndent = 18;

    // Room between the signer's title and name for the handwritten or visual signature and seal.
    private const double SignatureSpace = 26 * Mm;

    private const double QrSide = 26 * Mm;
    private const double QrTextGap = 3;
    private const double QrTextWidth = 70 * Mm;
    private const double QrTextReserve = 4 * QrTextSize * LineFactor;

    /// <summary>
    /// Where the QR code's modules (without quiet zone) are painted on the last page, in points
    /// from the page's top-left corner: bottom-left of the content area, the URL printed below.
    /// </summary>
    public static XRect QrCodeArea { get; } = new(
        MarginLeft, ContentBottom - QrTextReserve - QrTextGap - QrSide, QrSide, QrSide);

    public byte[] Render(CertificateDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        Validate(doc);
        CertificateFontResolver.EnsureRegistered();

        using var pdf = new PdfDocument();
        pdf.Info.Title = Nfc($"{Title(doc.Form)} {doc.Number}");
        pdf.Info.Creator = "JudicialRecords";
        if (doc.RegistryNumber is { } number)
            pdf.Info.Elements["/" + Verification.PdfSignatureVerifier.CertificateNumberKey] = new PdfString(Nfc(number), PdfStringEncoding.Unicode);
        // PDFsharp 6.2 writes new documents with a classic xref table and trailer and has no
        // option for cross-reference or object streams, which is what the incremental signer
        // needs; the tests guard that. Compressing content streams does not affect the xref.
        pdf.Options.CompressContentStreams = true;
        // Deflating the four font subsets dominated rendering time; the fastest zlib level costs a
        // few kilobytes per file and changes nothing on the page.
        pdf.Options.FlateEncodeMode = PdfFlateEncodeMode.BestSpeed;
        pdf.Options.Layout = PdfWriterLayout.Compact;

        using (var flow = new PageFlow(pdf, new Fonts()))
        {
            DrawHeader(flow, doc);
            DrawTitle(flow, doc.Form);
            DrawRows(flow, doc.Requester);
            DrawRows(flow, doc.Person);
            DrawConvictions(flow, doc.Convictions);
            if (doc.BankruptcyBan is { } ban)
                DrawBankruptcyBan(flow, ban);
            DrawClosing(flow, doc);
            flow.NumberPages();
        }

        using var output = new MemoryStream();
        pdf.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Validate(CertificateDocument doc)
    {
        if (doc.IssuingAuthority.Count == 0)
            throw new ArgumentException("The issuing authority needs at least one line.", nameof(doc));
        if (doc.Signer.TitleLines.Count == 0)
            throw new ArgumentException("The signer needs a title.", nameof(doc));
        if (string.IsNullOrWhiteSpace(doc.VerificationUrl))
            throw new ArgumentException("The verification URL is required for the QR code.", nameof(doc));
        // Law 28/2009 Art. 43: Form 2 always states the bankruptcy ban, even when there is none.
        if (doc.Form == CertificateForm.Two && doc.BankruptcyBan is null)
            throw new ArgumentException("Form 2 always carries the bankruptcy-ban block.", nameof(doc));
    }

    private static string Title(CertificateForm form) => form switch
    {
        CertificateForm.One => "PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1",
        CertificateForm.Two => "PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2",
        _ => throw new ArgumentOutOfRangeException(nameof(form), form, "Unknown certificate form."),
    };

    // Callers may hand over decomposed text (e.g. from NFD input methods); the font's precomposed
    // glyphs and exact text extraction both need NFC.
    private static string Nfc(string text) => text.Normalize(NormalizationForm.FormC);

    private static void DrawHeader(PageFlow flow, CertificateDocument doc)
    {
        var f = flow.Fonts;
        // The right column is as wide as the national name needs; the authority wraps in the rest.
        var rightWidth = flow.Width(NationalName, f.HeaderBold) + 6;
        var rightX = ContentRight - rightWidth;
        var leftWidth = rightX - MarginLeft - 6;
        var top = flow.Y;

        var y = top;
        for (var i = 0; i < doc.IssuingAuthority.Count; i++)
        {
            // Decree 30: the superior body in upright capitals, the issuing body in bold, with a
            // short rule under it.
            var isIssuer = i == doc.IssuingAuthority.Count - 1;
            var font = isIssuer ? f.HeaderBold : f.Header;
            var lines = flow.Wrap([new Run(doc.IssuingAuthority[i], font)], leftWidth);
            y = flow.DrawLines(lines, MarginLeft, leftWidth, Align.Center, y);
            if (isIssuer)
            {
                var rule = lines.Max(l => l.Width) / 3;
                y += 3;
                flow.Rule(MarginLeft + (leftWidth - rule) / 2, y, rule);
                y += 8;
            }
        }
        y = flow.DrawLines(flow.Wrap([new Run(doc.Number, f.Body)], leftWidth), MarginLeft, leftWidth, Align.Center, y);
        var leftBottom = y;

        y = flow.DrawLines(flow.Wrap([new Run(NationalName, f.HeaderBold)], rightWidth), rightX, rightWidth, Align.Center, top);
        var motto = flow.Wrap([new Run(Motto, f.BodyBold)], rightWidth);
        y = flow.DrawLines(motto, rightX, rightWidth, Align.Center, y);
        var mottoWidth = motto[0].Width;
        y += 1;
        flow.Rule(rightX + (rightWidth - mottoWidth) / 2, y, mottoWidth);

        flow.Y = Math.Max(leftBottom, y) + 24;
    }

    private static void DrawTitle(PageFlow flow, CertificateForm form)
    {
        flow.Paragraph([new Run(Title(form), flow.Fonts.Title)], MarginLeft, ContentWidth, Align.Center);
        flow.Y += 14;
    }

    private static void DrawRows(PageFlow flow, IReadOnlyList<LabeledValue> rows)
    {
        if (rows.Count == 0)
            return;
        foreach (var row in rows)
            flow.Paragraph(LabelRuns(flow.Fonts, row), MarginLeft, ContentWidth, Align.Justify);
        flow.Y += SectionGap;
    }

    private static void DrawConvictions(PageFlow flow, ConvictionsBlock block)
    {
        var f = flow.Fonts;
        flow.Paragraph([new Run(ConvictionsHeading, f.BodyBold), new Run(" " + block.Statement, f.Body)],
            MarginLeft, ContentWidth, Align.Justify);
        foreach (var entry in block.Entries)
        {
            flow.Y += ParagraphGap;
            // An entry's heading must not be stranded at the foot of a page without its first row.
            flow.KeepLines(2, f.Body);
            if (entry.Heading is { } heading)
                flow.Paragraph([new Run(heading, f.BodyBoldItalic)], MarginLeft + EntryIndent / 2,
                    ContentWidth - EntryIndent / 2, Align.Left);
            foreach (var row in entry.Rows)
                flow.Paragraph(LabelRuns(f, row), MarginLeft + EntryIndent, ContentWidth - EntryIndent, Align.Justify);
        }
        flow.Y += SectionGap;
    }

    private static void DrawBankruptcyBan(PageFlow flow, BankruptcyBanBlock block)
    {
        var f = flow.Fonts;
        flow.KeepLines(2, f.Body);
        flow.Paragraph([new Run(BankruptcyBanHeading, f.BodyBold), new Run(" " + block.Statement, f.Body)],
            MarginLeft, ContentWidth, Align.Justify);
        foreach (var row in block.Rows)
            flow.Paragraph(LabelRuns(f, row), MarginLeft + EntryIndent, ContentWidth - EntryIndent, Align.Justify);
        flow.Y += SectionGap;
    }

    /// <summary>
    /// Place and date, signer title, signature space and name, centred in the right half; the QR
    /// code sits bottom-left of the same page. The block is kept together, and the body must end
    /// above the QR code, so a full page moves the closing block to a fresh page.
    /// </summary>
    private static void DrawClosing(PageFlow flow, CertificateDocument doc)
    {
        var f = flow.Fonts;
        var x = MarginLeft + ContentWidth / 2;
        var width = ContentWidth / 2;

        var date = flow.Wrap([new Run(doc.PlaceAndDate, f.BodyItalic)], width);
        var title = doc.Signer.TitleLines.SelectMany(t => flow.Wrap([new Run(t, f.BodyBold)], width)).ToList();
        var name = flow.Wrap([new Run(doc.Signer.Name, f.BodyBold)], width);
        var height = Height(date) + Height(title) + SignatureSpace + Height(name);

        var start = flow.Y + SectionGap;
        if (start > QrCodeArea.Top - SectionGap || start + height > ContentBottom)
        {
            flow.NewPage();
            start = flow.Y;
        }

        var y = flow.DrawLines(date, x, width, Align.Center, start);
        y = flow.DrawLines(title, x, width, Align.Center, y);
        flow.DrawLines(name, x, width, Align.Center, y + SignatureSpace);

        DrawQrCode(flow, doc.VerificationUrl);
    }

    private static void DrawQrCode(PageFlow flow, string url)
    {
        var matrix = QrCodeMatrix.Encode(url);
        var area = QrCodeArea;
        var module = area.Width / matrix.Size;
        // Horizontal runs of dark modules become one rectangle each: fewer path operators and no
        // hairline seams between neighbouring modules at any zoom.
        var rects = new List<XRect>();
        for (var row = 0; row < matrix.Size; row++)
        {
            var column = 0;
            while (column < matrix.Size)
            {
                if (!matrix.IsDark(row, column))
                {
                    column++;
                    continue;
                }
                var start = column;
                while (column < matrix.Size && matrix.IsDark(row, column))
                    column++;
                rects.Add(new XRect(area.X + start * module, area.Y + row * module, (column - start) * module, module));
            }
        }
        flow.Graphics.DrawRectangles(XBrushes.Black, rects.ToArray());

        var text = flow.Wrap([new Run(url, flow.Fonts.Small)], QrTextWidth);
        flow.DrawLines(text, area.X, QrTextWidth, Align.Left, area.Bottom + QrTextGap);
    }

    private static Run[] LabelRuns(Fonts f, LabeledValue row) =>
        [new Run(row.Label + ":", f.Body), new Run(" " + row.Value, f.BodyBold)];

    private static double Height(IEnumerable<Line> lines) => lines.Sum(l => l.Height);

    private enum Align
    {
        Left,
        Center,
        Justify,
    }

    private sealed record Run(string Text, XFont Font);

    private sealed record Word(string Text, XFont Font, double Width, bool SpaceBefore);

    private sealed record Line(IReadOnlyList<Word> Words, double Width, double Height, bool EndsParagraph);

    private sealed class Fonts
    {
        public XFont Header { get; } = Create(HeaderSize, XFontStyleEx.Regular);
        public XFont HeaderBold { get; } = Create(HeaderSize, XFontStyleEx.Bold);
        public XFont Body { get; } = Create(BodySize, XFontStyleEx.Regular);
        public XFont BodyBold { get; } = Create(BodySize, XFontStyleEx.Bold);
        public XFont BodyItalic { get; } = Create(BodySize, XFontStyleEx.Italic);
        public XFont BodyBoldItalic { get; } = Create(BodySize, XFontStyleEx.BoldItalic);
        public XFont Title { get; } = Create(TitleSize, XFontStyleEx.Bold);
        public XFont Small { get; } = Create(QrTextSize, XFontStyleEx.Regular);

        // Unicode encoding: WinAnsi cannot carry Vietnamese, and Identity-H with a ToUnicode map is
        // what lets pdftotext and screen readers recover the exact text.
        private static XFont Create(double size, XFontStyleEx style) =>
            new(CertificateFontResolver.FamilyName, size, style, new XPdfFontOptions(PdfFontEncoding.Unicode));
    }

    /// <summary>
    /// A top-to-bottom cursor over pages: wraps runs into lines and starts a new page when a line
    /// would cross the bottom margin, so any number of conviction entries flows on.
    /// </summary>
    private sealed class PageFlow : IDisposable
    {
        private readonly PdfDocument _pdf;
        private readonly List<XGraphics> _pages = [];

        public PageFlow(PdfDocument pdf, Fonts fonts)
        {
            _pdf = pdf;
            Fonts = fonts;
            NewPage();
        }

        public Fonts Fonts { get; }

        public XGraphics Graphics => _pages[^1];

        public double Y { get; set; }

        public void NewPage()
        {
            var page = _pdf.AddPage();
            // Exact ISO 216 size; PageSize.A4 rounds to 595 x 842 pt.
            page.Width = XUnit.FromPoint(PageWidth);
            page.Height = XUnit.FromPoint(PageHeight);
            _pages.Add(XGraphics.FromPdfPage(page));
            Y = MarginTop;
        }

        /// <summary>Decree 30: pages are numbered from the second, centred in the top margin.</summary>
        public void NumberPages()
        {
            if (_pages.Count < 2)
                return;
            for (var i = 1; i < _pages.Count; i++)
            {
                var number = (i + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);
                var width = _pages[i].MeasureString(number, Fonts.Body).Width;
                _pages[i].DrawString(number, Fonts.Body, XBrushes.Black,
                    (PageWidth - width) / 2, MarginTop / 2 + BodySize / 2, XStringFormats.BaseLineLeft);
            }
        }

        public double Width(string text, XFont font) => Graphics.MeasureString(Nfc(text), font).Width;

        public void Rule(double x, double y, double width) =>
            Graphics.DrawLine(new XPen(XColors.Black, 0.6), x, y, x + width, y);

        /// <summary>Starts a new page unless the next <paramref name="count"/> lines fit on this one.</summary>
        public void KeepLines(int count, XFont font)
        {
            if (Y + count * font.GetHeight() * LineFactor > ContentBottom)
                NewPage();
        }

        public void Paragraph(IReadOnlyList<Run> runs, double x, double width, Align align)
        {
            foreach (var line in Wrap(runs, width))
            {
                if (Y + line.Height > ContentBottom)
                    NewPage();
                DrawLine(line, x, width, align, Y);
                Y += line.Height;
            }
            Y += ParagraphGap;
        }

        /// <summary>Draws lines at a fixed position without paginating (header and closing block).</summary>
        public double DrawLines(IEnumerable<Line> lines, double x, double width, Align align, double y)
        {
            foreach (var line in lines)
            {
                DrawLine(line, x, width, align, y);
                y += line.Height;
            }
            return y;
        }

        /// <summary>
        /// Greedy word wrap across runs of different fonts. A word wider than the column (a URL,
        /// a long document number) is broken between characters rather than overflowing.
        /// </summary>
        public List<Line> Wrap(IReadOnlyList<Run> runs, double width)
        {
            var words = new List<Word>();
            var pendingSpace = false;
            foreach (var run in runs)
            {
                var text = Nfc(run.Text);
                var start = 0;
                for (var i = 0; i <= text.Length; i++)
                {
                    if (i < text.Length && !char.IsWhiteSpace(text[i]))
                        continue;
                    if (i > start)
                    {
                        foreach (var piece in BreakLongWord(text[start..i], run.Font, width))
                        {
                            words.Add(new Word(piece, run.Font, Graphics.MeasureString(piece, run.Font).Width, pendingSpace));
                            pendingSpace = false;
                        }
                    }
                    if (i < text.Length)
                        pendingSpace = true;
                    start = i + 1;
                }
            }

            var lines = new List<Line>();
            var current = new List<Word>();
            var used = 0.0;
            foreach (var word in words)
            {
                var gap = current.Count > 0 && word.SpaceBefore ? SpaceWidth(current[^1].Font) : 0;
                if (current.Count > 0 && used + gap + word.Width > width)
                {
                    lines.Add(MakeLine(current, used, endsParagraph: false));
                    current = [];
                    used = 0;
                    gap = 0;
                }
                current.Add(current.Count == 0 ? word with { SpaceBefore = false } : word);
                used += gap + word.Width;
            }
            if (current.Count > 0)
                lines.Add(MakeLine(current, used, endsParagraph: true));
            return lines;
        }

        public void Dispose()
        {
            foreach (var page in _pages)
                page.Dispose();
        }

        private IEnumerable<string> BreakLongWord(string word, XFont font, double width)
        {
            if (Graphics.MeasureString(word, font).Width <= width)
            {
                yield return word;
                yield break;
            }
            var start = 0;
            for (var end = 1; end <= word.Length; end++)
            {
                if (end - start > 1 && Graphics.MeasureString(word[start..end], font).Width > width)
                {
                    yield return word[start..(end - 1)];
                    start = end - 1;
                }
            }
            yield return word[start..];
        }

        private double SpaceWidth(XFont font) => Graphics.MeasureString(" ", font).Width;

        private static Line MakeLine(List<Word> words, double width, bool endsParagraph) =>
            new(words, width, words.Max(w => w.Font.GetHeight()) * LineFactor, endsParagraph);

        private void DrawLine(Line line, double x, double width, Align align, double top)
        {
            var baseline = top + line.Words.Max(w => Ascent(w.Font)) + (line.Height / LineFactor) * (LineFactor - 1) / 2;
            var left = align == Align.Center ? x + (width - line.Width) / 2 : x;
            var gaps = line.Words.Count(w => w.SpaceBefore);
            // The last line of a justified paragraph stays ragged, as in print.
            var extra = align == Align.Justify && !line.EndsParagraph && gaps > 0 ? (width - line.Width) / gaps : 0;

            if (extra == 0)
            {
                // Consecutive words of one font go out as one string so extractors see real spaces.
                var cursor = left;
                var i = 0;
                while (i < line.Words.Count)
                {
                    var font = line.Words[i].Font;
                    var text = new StringBuilder();
                    if (line.Words[i].SpaceBefore)
                        cursor += SpaceWidth(line.Words[i - 1].Font);
                    text.Append(line.Words[i].Text);
                    i++;
                    while (i < line.Words.Count && line.Words[i].Font == font)
                    {
                        if (line.Words[i].SpaceBefore)
                            text.Append(' ');
                        text.Append(line.Words[i].Text);
                        i++;
                    }
                    var segment = text.ToString();
                    Graphics.DrawString(segment, font, XBrushes.Black, cursor, baseline, XStringFormats.BaseLineLeft);
                    cursor += Graphics.MeasureString(segment, font).Width;
                }
                return;
            }

            var position = left;
            for (var i = 0; i < line.Words.Count; i++)
            {
                var word = line.Words[i];
                if (word.SpaceBefore)
                    position += SpaceWidth(line.Words[i - 1].Font) + extra;
                Graphics.DrawString(word.Text, word.Font, XBrushes.Black, position, baseline, XStringFormats.BaseLineLeft);
                position += word.Width;
            }
        }

        private static double Ascent(XFont font) => font.Size * font.Metrics.Ascent / font.Metrics.UnitsPerEm;
    }
}
