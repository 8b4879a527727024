using JudicialRecords.Documents.Pki;

namespace JudicialRecords.Documents.Tests.Pki;

/// <summary>A freshly generated development PKI in a temporary folder, shared by a test class.</summary>
public sealed class DevPkiFixture : IDisposable
{
    public DevPkiFixture()
    {
        Directory = Path.Combine(Path.GetTempPath(), "jr-devpki-" + Guid.NewGuid().ToString("N"));
        Now = DateTimeOffset.UtcNow;
        DevPki.Generate(Directory, Now);
    }

    public string Directory { get; }

    public DateTimeOffset Now { get; }

    public string PathOf(string file) => Path.Combine(Directory, file);

    public void Dispose() => System.IO.Directory.Delete(Directory, recursive: true);
}
