using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace JudicialRecords.Documents.Tests.Signing;

internal static class TestPdf
{
    /// <summary>A one-page PDF from PDFsharp with line art only, so no font resolver is needed.</summary>
    public static byte[] OnePage()
    {
        using var document = new PdfDocument();
        var page = document.AddPage();
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            graphics.DrawRectangle(XPens.DarkRed, 40, 40, page.Width.Point - 80, page.Height.Point - 80);
            graphics.DrawLine(XPens.Black, 60, 120, page.Width.Point - 60, 120);
        }
        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }
}
