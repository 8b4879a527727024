namespace JudicialRecords.Api.Infrastructure;

/// <summary>Finds the repository's development files (certs-dev) from wherever the service was started.</summary>
public static class DevelopmentFiles
{
    /// <summary>In Development only: the first <paramref name="relativePath"/> found walking up from the content root.</summary>
    public static string? Find(IHostEnvironment environment, string relativePath)
    {
        if (!environment.IsDevelopment()) return null;
        for (var folder = new DirectoryInfo(environment.ContentRootPath); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, relativePath);
            if (File.Exists(candidate) || Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
