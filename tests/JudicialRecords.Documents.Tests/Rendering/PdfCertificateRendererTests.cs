using System.Text;
using System.Text.RegularExpressions;
using JudicialRecords.Documents.Rendering;

namespace JudicialRecords.Documents.Tests.Rendering;

public sealed class PdfCertificateRendererTests
{
    private readonly PdfCertificateRenderer _renderer = new();

    [Fact]
    public void form1_is_a_pdf_with_a_classic_xref_table_for_incremental_signing()
    {
        var pdf = _renderer.Render(CertificateSamples.Form1Clean());
        var text = Encoding.Latin1.GetString(pdf);

        Assert.StartsWith("%PDF-", text);
        Assert.Contains("trailer", text);
        Assert.DoesNotContain("/XRef", text);
        Assert.DoesNotContain("/ObjStm", text);
        // startxref must point at the keyword of a classic table, which is what the signer parses.
        var startxref = Regex.Match(text, @"startxref\s+(\d+)\s+%%EOF\s*$");
        Assert.True(startxref.Success, "the file must end with startxref and %%EOF");
        Assert.StartsWith("xref", text[int.Parse(startxref.Groups[1].Value)..]);
    }

    [Fact]
    public void form1_is_one_a4_page_with_its_title_and_creator()
    {
        var info = Poppler.Info(Save(_renderer.Render(CertificateSamples.Form1Clean()), "form1-clean"));

        Assert.Matches(@"Page size:\s+595\.2\d* x 841\.8\d* pts \(A4\)", info);
        Assert.Matches(@"Pages:\s+1\n", info);
        Assert.Matches(@"Title:\s+PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1 Số: 000123/2026/LLTP\n", info);
        Assert.Matches(@"Creator:\s+JudicialRecords\n", info);
    }

    [Fact]
    public void form1_clean_extracts_its_vietnamese_text_exactly()
    {
        var text = Poppler.Text(Save(_renderer.Render(CertificateSamples.Form1Clean()), "form1-clean"));

        Assert.Contains("BỘ CÔNG AN", text);
        Assert.Contains("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", text);
        Assert.Contains("Độc lập - Tự do - Hạnh phúc", text);
        Assert.Contains("Số: 000123/2026/LLTP", text);
        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 1", text);
        Assert.Contains("Họ và tên: Nguyễn Thị Ngọc Ánh", text);
        Assert.Contains("Số định danh cá nhân: 075190001234", text);
        Assert.Contains("Tình trạng án tích: Không có án tích", text);
        Assert.Contains("Đồng Nai, ngày 26 tháng 11 năm 2026", text);
        Assert.Contains("PHÓ CỤC TRƯỞNG", text);
        Assert.Contains("Trần Quốc Việt", text);
        Assert.Contains(CertificateSamples.VerificationUrl, text);
        // Form 1 without a request for it prints no bankruptcy-ban block.
        Assert.DoesNotContain("cấm đảm nhiệm chức vụ", text);
    }

    [Fact]
    public void form2_prints_parents_spouse_both_convictions_and_the_bankruptcy_ban()
    {
        var text = Poppler.Text(Save(_renderer.Render(CertificateSamples.Form2(convictions: 2)), "form2-two-convictions"));

        Assert.Contains("PHIẾU LÝ LỊCH TƯ PHÁP SỐ 2", text);
        Assert.Contains("Họ và tên cha: Lê Văn Hùng", text);
        Assert.Contains("Họ và tên mẹ: Phạm Thị Huệ", text);
        Assert.Contains("Họ và tên vợ/chồng: Võ Thị Mỹ Duyên", text);
        Assert.Contains("Tình trạng án tích: Có án tích", text);
        Assert.Contains("Án tích thứ 1", text);
        Assert.Contains("Án tích thứ 2", text);
        Assert.Contains("Hình phạt bổ sung: //", text);
        // This heading is long enough to wrap, so compare it with line breaks read as spaces.
        Assert.Contains(
            "Thông tin về việc cấm đảm nhiệm chức vụ, thành lập, quản lý doanh nghiệp, hợp tác xã: Không bị cấm",
            text.Replace('\n', ' '));
        Assert.Contains("Đặng Thị Thu Hà", text);
    }

    [Fact]
    public void a_long_conviction_list_flows_onto_further_pages_and_ends_with_the_signer()
    {
        var path = Save(_renderer.Render(CertificateSamples.Form2(convictions: 9)), "form2-nine-convictions");

        var pages = int.Parse(Regex.Match(Poppler.Info(path), @"Pages:\s+(\d+)").Groups[1].Value);
        Assert.True(pages >= 3, $"expected the entries to need at least 3 pages, got {pages}");
        var all = Poppler.Text(path);
        for (var n = 1; n <= 9; n++)
            Assert.Single(Regex.Matches(all, $"Án tích thứ {n}\\n"));
        var last = Poppler.Text(path, pages);
        Assert.Contains("TRƯỞNG PHÒNG", last);
        Assert.Contains("Đặng Thị Thu Hà", last);
        Assert.Contains(CertificateSamples.VerificationUrl, last);
        Assert.DoesNotContain("Đặng Thị Thu Hà", Poppler.Text(path, 1));
    }

    [Fact]
    public void liberation_serif_is_embedded_as_unicode_subsets()
    {
        var fonts = Poppler.Fonts(Save(_renderer.Render(CertificateSamples.Form2(convictions: 2)), "form2-two-convictions"));

        var rows = fonts.Split('\n').Where(l => l.Contains('+')).ToList();
        Assert.NotEmpty(rows);
        foreach (var row in rows)
        {
            Assert.Matches(@"^[A-Z]{6}\+Liberation Serif(,Bold|,Italic|,BoldItalic)?\s", row);
            // Columns: type, encoding, emb, sub, uni; Identity-H with a ToUnicode map throughout.
            Assert.Matches(@"Identity-H\s+yes\s+yes\s+yes", row);
        }
    }

    [Fact]
    public void decomposed_input_is_printed_as_precomposed_text()
    {
        var decomposed = "Nguyễn Thị Ngọc Ánh".Normalize(NormalizationForm.FormD);
        var doc = CertificateSamples.Form1Clean() with
        {
            Person = [new LabeledValue("Họ và tên".Normalize(NormalizationForm.FormD), decomposed)],
        };

        var text = Poppler.Text(Save(_renderer.Render(doc), "form1-nfd"));

        Assert.Contains("Họ và tên: Nguyễn Thị Ngọc Ánh", text);
    }

    [Fact]
    public void form2_without_a_bankruptcy_ban_block_is_rejected()
    {
        var doc = CertificateSamples.Form2(convictions: 0) with { BankruptcyBan = null };

        Assert.Throws<ArgumentException>(() => _renderer.Render(doc));
    }

    [Fact]
    public void the_qr_code_painted_on_the_page_matches_the_encoded_module_grid()
    {
        var path = Save(_renderer.Render(CertificateSamples.Form1Clean()), "form1-clean");
        var matrix = QrCodeMatrix.Encode(CertificateSamples.VerificationUrl);
        const int dpi = 300;
        var area = PdfCertificateRenderer.QrCodeArea;
        var scale = dpi / 72.0;
        var (x, y) = ((int)Math.Floor(area.X * scale), (int)Math.Floor(area.Y * scale));
        var side = (int)Math.Ceiling(area.Width * scale) + 2;

        var image = Poppler.Gray(path, page: 1, dpi, x, y, side, side);

        var module = area.Width * scale / matrix.Size;
        for (var row = 0; row < matrix.Size; row++)
            for (var column = 0; column < matrix.Size; column++)
            {
                var px = (int)(area.X * scale - x + (column + 0.5) * module);
                var py = (int)(area.Y * scale - y + (row + 0.5) * module);
                var dark = image[px, py] < 128;
                Assert.True(dark == matrix.IsDark(row, column), $"module ({row}, {column}) should be {(matrix.IsDark(row, column) ? "dark" : "light")}");
            }
    }

    [Fact]
    public void concurrent_renders_produce_the_same_text_as_a_single_render()
    {
        // Background jobs render in parallel; PDFsharp's font state is process-wide.
        var expected = Poppler.Text(Save(_renderer.Render(CertificateSamples.Form2(convictions: 2)), "form2-serial"));

        var outputs = new byte[8][];
        Parallel.For(0, outputs.Length, i => outputs[i] = new PdfCertificateRenderer().Render(CertificateSamples.Form2(convictions: 2)));

        foreach (var pdf in outputs)
            Assert.Equal(expected, Poppler.Text(Save(pdf, "form2-parallel")));
    }

    private static string Save(byte[] pdf, string name)
    {
        // Kept beside the test binaries so a reviewer can open or rasterise exactly what was checked.
        var folder = Path.Combine(AppContext.BaseDirectory, "rendering");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{name}-{Guid.NewGuid():N}.pdf");
        File.WriteAllBytes(path, pdf);
        return path;
    }
}
