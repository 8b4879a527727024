namespace JudicialRecords.Benchmarks;

static class Repository
{
    public static string Root()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
            if (File.Exists(Path.Combine(folder.FullName, "JudicialRecords.sln"))) return folder.FullName;
        throw new InvalidOperationException("Run the benchmarks from inside the repository.");
    }

    public static string CertsDev => Path.Combine(Root(), "certs-dev");
}
