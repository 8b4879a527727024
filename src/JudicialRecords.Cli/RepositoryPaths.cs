namespace JudicialRecords.Cli;

static class RepositoryPaths
{
    /// <summary>The repository's root (the folder holding JudicialRecords.sln), searched upwards from the current folder.</summary>
    public static string Root()
    {
        for (var folder = new DirectoryInfo(Directory.GetCurrentDirectory()); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "JudicialRecords.sln"))) return folder.FullName;
        throw new InvalidOperationException("Run jr inside the JudicialRecords repository, or pass explicit paths.");
    }
}
