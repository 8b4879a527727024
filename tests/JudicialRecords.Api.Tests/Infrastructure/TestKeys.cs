namespace JudicialRecords.Api.Tests.Infrastructure;

public static class TestKeys
{
    /// <summary>The development JWT key of certs-dev, found from the test's working folder.</summary>
    public static string JwtSigningKeyPath => RepositoryFile("certs-dev/jwt-signing-key.pem");

    public static string RepositoryFile(string relativePath)
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        throw new FileNotFoundException($"{relativePath} was not found above {AppContext.BaseDirectory}.");
    }
}
