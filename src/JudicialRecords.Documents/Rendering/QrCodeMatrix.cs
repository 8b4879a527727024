using QRCoder;

namespace JudicialRecords.Documents.Rendering;

/// <summary>
/// The module grid of a QR code, without its quiet zone. Kept apart from drawing so the renderer
/// can paint it as vector rectangles and tests can compare the painted page with the grid.
/// </summary>
public sealed class QrCodeMatrix
{
    private readonly bool[,] _dark;

    private QrCodeMatrix(bool[,] dark) => _dark = dark;

    /// <summary>Modules per side (21 for version 1, plus 4 per further version).</summary>
    public int Size => _dark.GetLength(0);

    public bool IsDark(int row, int column) => _dark[row, column];

    /// <summary>
    /// Encodes with error correction level M (15 %): enough to survive a scuffed printout, while
    /// keeping modules large for a typical status URL.
    /// </summary>
    public static QrCodeMatrix Encode(string text)
    {
        using var data = QRCodeGenerator.GenerateQrCode(text, QRCodeGenerator.ECCLevel.M);
        var size = 21 + 4 * (data.Version - 1);
        var quiet = (data.ModuleMatrix.Count - size) / 2;
        var dark = new bool[size, size];
        for (var row = 0; row < size; row++)
            for (var column = 0; column < size; column++)
                dark[row, column] = data.ModuleMatrix[row + quiet][column + quiet];
        return new QrCodeMatrix(dark);
    }
}
