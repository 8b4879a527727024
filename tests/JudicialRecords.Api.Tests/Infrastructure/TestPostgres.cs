using JudicialRecords.Api.Infrastructure.Postgres;

namespace JudicialRecords.Api.Tests.Infrastructure;

/// <summary>One throwaway PostgreSQL cluster for the whole test run, made with the service's own launcher.</summary>
public static class TestPostgres
{
    public static readonly string Parent = Path.Combine(Path.GetTempPath(), "jr-test-postgres");

    static readonly Lazy<LocalPostgresCluster> s_cluster = new(() =>
    {
        LocalPostgresCluster.SweepStale(Parent);
        var cluster = LocalPostgresCluster.Start(Path.Combine(Parent, Guid.NewGuid().ToString("N")));
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            cluster.Dispose();
            try { Directory.Delete(cluster.Folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        };
        return cluster;
    });

    public static LocalPostgresCluster Cluster => s_cluster.Value;

    /// <summary>A new, empty database of its own (one per test class).</summary>
    public static string CreateDatabase(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}";
        PostgresHosting.EnsureDatabase(Cluster.ConnectionString(), name);
        return Cluster.ConnectionString(name);
    }
}
