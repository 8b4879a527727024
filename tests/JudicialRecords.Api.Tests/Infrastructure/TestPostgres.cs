using JudicialRecords.Api.Infrastructure.Postgres;
using Npgsql;

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

    /// <summary>
    /// Drops a database <see cref="CreateDatabase"/> made, closing whatever connections still use it: a disposed host's pools
    /// keep theirs open for minutes, and thirty-odd test classes' worth of them came within fifty of max_connections.
    /// </summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var connection = new NpgsqlConnection(Cluster.ConnectionString() + ";Pooling=false");
        connection.Open();
        using var drop = new NpgsqlCommand($"drop database if exists \"{name}\" with (force)", connection);
        drop.ExecuteNonQuery();
    }
}
