using System.Diagnostics;
using JudicialRecords.Api.Infrastructure.Postgres;
using Npgsql;

namespace JudicialRecords.Api.Tests.Infrastructure;

public sealed class LocalPostgresClusterTests : IDisposable
{
    // Not under TestPostgres.Parent: a test here fakes a dead owner, and the test run's sweep of that folder would take the cluster
    // for a leftover and delete it under the test. Leftovers of a killed run are swept here, once per process.
    static readonly string Parent = Path.Combine(Path.GetTempPath(), "jr-test-postgres-launcher");

    readonly string _folder = Path.Combine(Parent, Guid.NewGuid().ToString("N"));

    static LocalPostgresClusterTests() => LocalPostgresCluster.SweepStale(Parent);

    [Fact]
    public void data_survives_a_restart()
    {
        using (var first = LocalPostgresCluster.Start(_folder))
            Execute(first, "create table kept (value text); insert into kept values ('yesterday')");

        using var second = LocalPostgresCluster.Start(_folder);
        Assert.Equal("yesterday", Scalar(second, "select value from kept"));
    }

    [Fact]
    public void a_server_left_by_a_killed_owner_is_stopped_at_the_next_start()
    {
        var orphan = LocalPostgresCluster.Start(_folder);
        Execute(orphan, "create table kept (value text); insert into kept values ('before the crash')");
        // Pretend the owner died with SIGKILL: the server keeps running, recorded as owned by a dead process.
        using (var dead = Process.Start("true")!) { dead.WaitForExit(); File.WriteAllText(Path.Combine(_folder, "owner.pid"), dead.Id.ToString()); }

        using var next = LocalPostgresCluster.Start(_folder);

        Assert.NotEqual(orphan.Port, next.Port);
        Assert.Throws<NpgsqlException>(() => Scalar(orphan, "select 1"));
        Assert.Equal("before the crash", Scalar(next, "select value from kept"));
    }

    [Fact]
    public void the_server_runs_with_the_settings_for_a_write_heavy_service()
    {
        using var cluster = LocalPostgresCluster.Start(_folder);
        Assert.Equal("1GB", Scalar(cluster, "show shared_buffers"));
        Assert.Equal("4GB", Scalar(cluster, "show max_wal_size"));
        Assert.Equal("off", Scalar(cluster, "show jit"));
    }

    [Theory]
    [InlineData("Host=db;Database=jr", 64)]
    [InlineData("Host=db;Database=jr;Max Auto Prepare=0", 0)]
    public void statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string configured, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresHosting.Tuned(configured)).MaxAutoPrepare);

    [Theory]
    [InlineData("Host=db;Database=jr", true)]
    [InlineData("Host=db;Database=jr;No Reset On Close=false", false)]
    public void pooled_connections_are_not_reset_unless_the_connection_string_says_otherwise(string configured, bool expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgresHosting.Tuned(configured)).NoResetOnClose);

    [Fact]
    public void missing_binaries_give_one_clear_error_naming_the_debian_package()
    {
        var error = Assert.Throws<InvalidOperationException>(() => LocalPostgresCluster.FindBinDirectory("/nonexistent/postgresql"));
        Assert.Contains("apt-get install -y postgresql", error.Message);
    }

    static void Execute(LocalPostgresCluster cluster, string sql)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString());
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    static object? Scalar(LocalPostgresCluster cluster, string sql)
    {
        using var connection = new NpgsqlConnection(cluster.ConnectionString() + ";Pooling=false;Timeout=3");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        return command.ExecuteScalar();
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
