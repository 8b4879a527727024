using System.ComponentModel;
using System.Diagnostics;

namespace JudicialRecords.Documents.Tests.Rendering;

/// <summary>
/// Runs poppler-utils as an independent reader of our PDFs. A missing tool fails the test with the
/// package to install: a skipped check would pass CI while proving nothing.
/// </summary>
internal static class Poppler
{
    public static string Text(string pdf, int? page = null)
    {
        List<string> args = ["-enc", "UTF-8"];
        if (page is { } p)
            args.AddRange(["-f", p.ToString(), "-l", p.ToString()]);
        return Run("pdftotext", [.. args, pdf, "-"]);
    }

    public static string Info(string pdf) => Run("pdfinfo", [pdf]);

    public static string Fonts(string pdf) => Run("pdffonts", [pdf]);

    /// <summary>Rasterises a region of one page as 8-bit grey (PGM), which needs no image library.</summary>
    public static Pgm Gray(string pdf, int page, int dpi, int x, int y, int width, int height)
    {
        var prefix = Path.Combine(Path.GetDirectoryName(pdf)!, Path.GetFileNameWithoutExtension(pdf) + "-crop");
        Run("pdftoppm", ["-gray", "-r", dpi.ToString(), "-f", page.ToString(), "-l", page.ToString(), "-singlefile",
            "-x", x.ToString(), "-y", y.ToString(), "-W", width.ToString(), "-H", height.ToString(), pdf, prefix]);
        return Pgm.Parse(File.ReadAllBytes(prefix + ".pgm"));
    }

    public static string Run(string tool, IReadOnlyList<string> args)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        foreach (var arg in args)
            start.ArgumentList.Add(arg);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException(
                $"{tool} is not installed; the rendering tests need it: apt-get update && apt-get install -y poppler-utils", e);
        }
        using (process)
        {
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
                throw new InvalidOperationException($"{tool} exited with {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
    }
}

internal sealed record Pgm(int Width, int Height, byte[] Pixels)
{
    public byte this[int x, int y] => Pixels[y * Width + x];

    public static Pgm Parse(byte[] file)
    {
        // Header: "P5", width, height, maxval, each separated by whitespace, then one whitespace byte.
        var position = 0;
        string Token()
        {
            while (char.IsWhiteSpace((char)file[position]))
                position++;
            var start = position;
            while (!char.IsWhiteSpace((char)file[position]))
                position++;
            return System.Text.Encoding.ASCII.GetString(file, start, position - start);
        }
        if (Token() != "P5")
            throw new FormatException("Not a binary PGM.");
        var width = int.Parse(Token());
        var height = int.Parse(Token());
        if (Token() != "255")
            throw new FormatException("Expected 8-bit grey.");
        position++;
        return new Pgm(width, height, file[position..(position + width * height)]);
    }
}
