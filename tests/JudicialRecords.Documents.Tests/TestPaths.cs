namespace JudicialRecords.Documents.Tests;

internal static class TestPaths
{
    /// <summary>The repository root, found from the test binaries by its solution file.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string CertsDev => Path.Combine(RepositoryRoot, "certs-dev");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "JudicialRecords.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("JudicialRecords.sln not found above " + AppContext.BaseDirectory);
    }
}
