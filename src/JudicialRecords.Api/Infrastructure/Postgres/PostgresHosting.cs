using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace JudicialRecords.Api.Infrastructure.Postgres;

public static class PostgresHosting
{
    public const string ConnectionStringName = "Postgres";
    public const string DatabaseName = "judicialrecords";

    /// <summary>
    /// The configured connection string, or, in Development when there is none, that of a private cluster started now
    /// (data under LocalPostgres:DataDirectory, default .jr-data/postgres beside the API project) and stopped with the host.
    /// </summary>
    public static string AddPostgres(this WebApplicationBuilder builder)
    {
        var configured = builder.Configuration.GetConnectionString(ConnectionStringName);
        if (!string.IsNullOrWhiteSpace(configured)) return Tuned(configured);
        // The private cluster trusts every connection from this machine without a password: a developer's convenience,
        // never a place for real records.
        if (!builder.Environment.IsDevelopment())
            throw new InvalidOperationException(
                $"ConnectionStrings:{ConnectionStringName} is not configured. Outside Development the service starts no PostgreSQL of its own "
                + "(that one lets any local user in without a password): configure the database to use.");

        // First, as the install creates the postgres user the reachability check runs as.
        LocalPostgresCluster.InstallIfMissing();
        var folder = builder.Configuration["LocalPostgres:DataDirectory"] ?? DefaultDataDirectory(builder.Environment.ContentRootPath);
        if (!LocalPostgresCluster.IsReachableByServer(folder))
        {
            // Running as root from a folder the postgres user cannot enter (e.g. a clone under /root):
            // keep the data in a stable per-folder place that survives restarts just the same.
            var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Path.GetFullPath(folder))))[..16].ToLowerInvariant();
            folder = Path.Combine("/var/lib/judicialrecords", key);
        }
        var cluster = LocalPostgresCluster.Start(folder);
        builder.Services.AddHostedService(_ => new LocalPostgresLifetime(cluster));
        var connectionString = Tuned(cluster.ConnectionString(DatabaseName));
        EnsureDatabase(cluster.ConnectionString(), DatabaseName);
        builder.Configuration[$"ConnectionStrings:{ConnectionStringName}"] = connectionString;
        Console.WriteLine($"Local PostgreSQL: {folder} on 127.0.0.1:{cluster.Port}");
        return connectionString;
    }

    /// <summary>
    /// Two Npgsql settings for a service that opens pooled connections all day, each unless the connection string sets it:
    /// <list type="bullet">
    /// <item>Statements are prepared once a connection has run them twice (up to 64 per connection): PostgreSQL then stops
    /// parsing and planning the statements Marten and Hangfire repeat, which was about a third of its CPU time under load
    /// (records-push benchmark: raw Marten appends 1,029 → 1,561/s, HTTP pushes 396 → 432/s).</item>
    /// <item>A connection going back to the pool is not reset. The reset is seven statements (RESET ALL, UNLISTEN *,
    /// pg_advisory_unlock_all() and so on) sent with the connection's next command; the applications benchmark opened 31
    /// connections per certificate, so 70 % of the statements PostgreSQL ran were resets (certificates/s 51.6 → 59.7, one
    /// run each). Nothing here leaves session state behind: transactions end before a connection is closed (Npgsql rolls
    /// back one that has not), Marten's append lock is transaction-scoped (pg_advisory_xact_lock) and its daemon releases
    /// its leadership locks before it closes their connection, Hangfire locks with rows of its own tables, and the only
    /// LISTEN (Hangfire's new-job channel) is harmless on a reused connection, whose notifications nobody reads.</item>
    /// </list>
    /// </summary>
    public static string Tuned(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!Sets(connectionString, "Auto Prepare"))
        {
            builder.MaxAutoPrepare = 64;
            builder.AutoPrepareMinUsages = 2;
        }
        if (!Sets(connectionString, "Reset On Close")) builder.NoResetOnClose = true;
        return builder.ConnectionString;

        static bool Sets(string connectionString, string setting) => connectionString.Contains(setting, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The private cluster's folder when none is configured: beside the API project (its content root).</summary>
    public static string DefaultDataDirectory(string contentRoot) => Path.Combine(contentRoot, ".jr-data", "postgres");

    public static void EnsureDatabase(string adminConnectionString, string database)
    {
        using var connection = new NpgsqlConnection(adminConnectionString);
        connection.Open();
        using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", connection)
        {
            Parameters = { new() { Value = database } },
        };
        if (exists.ExecuteScalar() is not null) return;
        using var create = new NpgsqlCommand($"create database \"{database}\"", connection);
        create.ExecuteNonQuery();
    }

    /// <summary>Registered before everything else, so the host stops it last, after Hangfire and Marten let go.</summary>
    sealed class LocalPostgresLifetime(LocalPostgresCluster cluster) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken)
        {
            NpgsqlConnection.ClearAllPools();
            cluster.Dispose();
            return Task.CompletedTask;
        }
    }
}
