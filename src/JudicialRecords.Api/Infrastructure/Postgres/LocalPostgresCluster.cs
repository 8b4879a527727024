using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace JudicialRecords.Api.Infrastructure.Postgres;

/// <summary>
/// A private PostgreSQL cluster in a folder of its own: initialised on first use, started on a free
/// loopback port, stopped on dispose. Used by `dotnet run` when no connection string is configured
/// and by the tests (one throwaway cluster per test run).
/// </summary>
/// <remarks>
/// pg_ctl detaches the server, so a parent killed with SIGKILL would leave it running. Three things
/// keep that from lasting: the cluster folder records the owning process id; a watchdog shell stops
/// the server as soon as that process is gone; and the next start stops any server whose owner is dead
/// before starting its own.
/// </remarks>
public sealed class LocalPostgresCluster : IDisposable
{
    public const string DebianPackage = "postgresql";

    /// <summary>
    /// Settings for a write-heavy service instead of initdb's minimal defaults (docker/compose.yaml sets the same):
    /// a bigger buffer cache, and checkpoints far enough apart that a bulk import is not slowed by a full-page image
    /// of every page it touches after each checkpoint. Measured with the 200,000-person import benchmark: 8,092 → 10,616 events/s.
    /// JIT compilation is off: every statement of the service reads or writes a few rows through an index, which JIT never
    /// makes faster, and the one whose estimate crossed its threshold (the national-centre forwarding's window read, whose
    /// estimate counts the per-row person check over every pending forward though it stops after a window) spent 26 ms of its
    /// 98 ms compiling, and libLLVM 3.8 % of all CPU in the push benchmark (pg_stat_statements, perf). A server setting, not a
    /// connection option, so that a connection pooler in front of PostgreSQL needs no startup parameter passed through.
    /// </summary>
    public const string ServerSettings = "-c shared_buffers=1GB -c max_wal_size=4GB -c checkpoint_timeout=15min -c wal_compression=lz4 -c jit=off";
    const string OwnerFile = "owner.pid";

    readonly string _binDirectory;
    readonly string? _runAsUser;

    LocalPostgresCluster(string folder, string binDirectory, string? runAsUser, int port)
    {
        Folder = folder;
        _binDirectory = binDirectory;
        _runAsUser = runAsUser;
        Port = port;
    }

    /// <summary>The cluster folder; PostgreSQL's data directory is its <c>data</c> subfolder.</summary>
    public string Folder { get; }
    public int Port { get; }
    string DataDirectory => Path.Combine(Folder, "data");

    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        Pooling = true,
        MaxPoolSize = 100,
    }.ConnectionString;

    /// <summary>Starts (initialising when new) the cluster in <paramref name="folder"/> and waits until it accepts connections.</summary>
    public static LocalPostgresCluster Start(string folder, string? binDirectory = null, TimeSpan? timeout = null)
    {
        var bin = binDirectory ?? FindBinDirectory();
        var runAs = ServiceUser();
        folder = Path.GetFullPath(folder);
        Directory.CreateDirectory(folder);

        StopOrphan(folder, bin, runAs);

        var cluster = new LocalPostgresCluster(folder, bin, runAs, FreePort());
        cluster.InitialiseIfNew();
        cluster.StartServer(timeout ?? TimeSpan.FromSeconds(60));
        return cluster;
    }

    /// <summary>
    /// The connection string of the server another live process runs from <paramref name="folder"/>
    /// (e.g. the API while a command-line tool imports into it), or null when none runs.
    /// </summary>
    public static string? ConnectionStringOfRunning(string folder, string database)
    {
        var pidFile = Path.Combine(folder, "data", "postmaster.pid");
        if (!OwnedByAnotherLiveProcess(folder) || !File.Exists(pidFile)) return null;
        // postmaster.pid: pid, data directory, start time, port, ...
        var lines = File.ReadAllLines(pidFile);
        if (lines.Length < 4 || !int.TryParse(lines[3].Trim(), out var port)) return null;
        return new LocalPostgresCluster(folder, "", null, port).ConnectionString(database);
    }

    /// <summary>Stops the clusters under <paramref name="parent"/> whose owner process is gone and deletes them.</summary>
    public static void SweepStale(string parent, string? binDirectory = null)
    {
        if (!Directory.Exists(parent)) return;
        var bin = binDirectory ?? FindBinDirectory();
        var runAs = ServiceUser();
        foreach (var folder in Directory.GetDirectories(parent))
        {
            // A folder without an owner may be one another process is creating right now: leave young ones alone.
            var owner = Owner(folder);
            if (owner == Environment.ProcessId || (owner is { } pid && IsAlive(pid))) continue;
            if (owner is null && Directory.GetCreationTimeUtc(folder) > DateTime.UtcNow.AddMinutes(-10)) continue;
            StopOrphan(folder, bin, runAs);
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { /* another sweeper got there first */ }
            catch (UnauthorizedAccessException) { }
        }
    }

    public void Dispose()
    {
        if (File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))) StopServer();
        File.Delete(Path.Combine(Folder, OwnerFile));
    }

    void InitialiseIfNew()
    {
        if (File.Exists(Path.Combine(DataDirectory, "PG_VERSION"))) return;
        if (Directory.Exists(DataDirectory)) Directory.Delete(DataDirectory, recursive: true); // a half-done initdb
        Directory.CreateDirectory(DataDirectory);
        if (_runAsUser is not null)
        {
            Run("chown", "-R", _runAsUser, Folder);
            Run("chmod", "700", DataDirectory);
        }
        RunServerTool("initdb", "-D", DataDirectory, "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C.UTF-8", "--no-instructions");
    }

    void StartServer(TimeSpan timeout)
    {
        File.WriteAllText(Path.Combine(Folder, OwnerFile), Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
        // No Unix socket: TCP on loopback only, so a long folder path never hits the socket-path limit.
        var options = $"-p {Port} -c listen_addresses=127.0.0.1 -c unix_socket_directories='' -c max_connections=300 {ServerSettings}";
        RunServerTool("pg_ctl", "start", "-D", DataDirectory, "-w", "-t", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "-l", Path.Combine(DataDirectory, "server.log"), "-o", options);
        StartWatchdog();
        WaitUntilAcceptingConnections(timeout);
    }

    void StartWatchdog()
    {
        var ownerFile = Quote(Path.Combine(Folder, OwnerFile));
        var stop = string.Join(' ', ServerToolCommand("pg_ctl", "stop", "-D", DataDirectory, "-m", "fast").Select(Quote));
        var pid = Environment.ProcessId;
        var script = $"exec </dev/null >/dev/null 2>&1; while kill -0 {pid}; do sleep 1; done; " +
                     $"[ \"$(cat {ownerFile})\" = \"{pid}\" ] && {stop}";
        using var _ = Process.Start(new ProcessStartInfo("setsid", ["sh", "-c", script]) { UseShellExecute = false });
    }

    void WaitUntilAcceptingConnections(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                using var connection = new NpgsqlConnection(ConnectionString());
                connection.Open();
                return;
            }
            catch (NpgsqlException) when (DateTime.UtcNow < deadline)
            {
                Thread.Sleep(100);
            }
        }
    }

    static void StopOrphan(string folder, string bin, string? runAs)
    {
        if (!File.Exists(Path.Combine(folder, "data", "postmaster.pid"))) return;
        if (OwnedByAnotherLiveProcess(folder))
            throw new InvalidOperationException(
                $"The PostgreSQL cluster in {folder} is in use by process {File.ReadAllText(Path.Combine(folder, OwnerFile)).Trim()}. " +
                "Stop that process or configure another LocalPostgres:DataDirectory.");
        new LocalPostgresCluster(folder, bin, runAs, 0).StopServer();
    }

    /// <summary>Stops the server; a server that is already gone (stale postmaster.pid) is not an error.</summary>
    void StopServer()
    {
        var command = ServerToolCommand("pg_ctl", "stop", "-D", DataDirectory, "-m", "fast", "-w", "-t", "30");
        Run(false, command[0], command[1..]);
    }

    /// <summary>Whether another live process owns the cluster (this process never counts: it may restart its own).</summary>
    static bool OwnedByAnotherLiveProcess(string folder) => Owner(folder) is { } pid && pid != Environment.ProcessId && IsAlive(pid);

    static int? Owner(string folder)
    {
        var file = Path.Combine(folder, OwnerFile);
        return File.Exists(file) && int.TryParse(File.ReadAllText(file).Trim(), out var pid) ? pid : null;
    }

    static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>The newest installed PostgreSQL's bin folder, or one clear error naming the package.</summary>
    public static string FindBinDirectory(string root = "/usr/lib/postgresql") =>
        BinDirectories(root).FirstOrDefault()
        ?? throw new InvalidOperationException(
            $"PostgreSQL server binaries (initdb, pg_ctl) were not found under {root}. " +
            $"Install the Debian package '{DebianPackage}' (sudo apt-get update && sudo apt-get install -y {DebianPackage}), " +
            "or set ConnectionStrings:Postgres to use an existing server.");

    static IEnumerable<string> BinDirectories(string root) => Directory.Exists(root)
        ? Directory.GetDirectories(root)
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(c => File.Exists(Path.Combine(c.Dir, "initdb")))
            .OrderByDescending(c => c.Version)
            .Select(c => c.Dir)
        : [];

    /// <summary>
    /// On a fresh Debian machine the start command installs the server binaries its private cluster needs, as the test
    /// command (.ci/run) does: apt-get as root, else through sudo, which may ask for a password on the terminal. When that
    /// cannot be done, <see cref="FindBinDirectory"/> says what to run.
    /// </summary>
    public static void InstallIfMissing(string root = "/usr/lib/postgresql")
    {
        if (BinDirectories(root).Any() || !File.Exists("/usr/bin/apt-get")) return;
        Console.WriteLine($"PostgreSQL server binaries are missing: installing the Debian package '{DebianPackage}'.");
        string[] asRoot = Environment.IsPrivilegedProcess ? ["env"] : ["sudo", "env"];
        foreach (string[] step in (string[][])[["update", "-qq"], ["install", "-y", "-qq", "--no-install-recommends", DebianPackage]])
        {
            try
            {
                // The terminal stays the child's: sudo can ask for the password, apt-get shows its progress.
                using var apt = Process.Start(new ProcessStartInfo(asRoot[0],
                    [.. asRoot[1..], "DEBIAN_FRONTEND=noninteractive", "apt-get", .. step]) { UseShellExecute = false });
                apt?.WaitForExit();
                if (apt is not { ExitCode: 0 }) return;
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return; // no sudo
            }
        }
    }

    /// <summary>PostgreSQL refuses to run as root; as root we run it as the postgres user, or nobody where there is none.</summary>
    static string? ServiceUser() =>
        !Environment.IsPrivilegedProcess ? null : Run(false, "id", "-u", "postgres").ExitCode == 0 ? "postgres" : "nobody";

    /// <summary>Whether the user PostgreSQL runs as can traverse every parent of <paramref name="folder"/> (not so under /root).</summary>
    public static bool IsReachableByServer(string folder)
    {
        var user = ServiceUser();
        if (user is null) return true;
        var existing = Path.GetFullPath(folder);
        while (!Directory.Exists(existing)) existing = Path.GetDirectoryName(existing)!;
        return Run(false, "setpriv", $"--reuid={user}", $"--regid={user}", "--clear-groups", "--", "test", "-x", existing).ExitCode == 0;
    }

    string[] ServerToolCommand(string tool, params string[] arguments)
    {
        var path = Path.Combine(_binDirectory, tool);
        return _runAsUser is null
            ? [path, .. arguments]
            : ["setpriv", $"--reuid={_runAsUser}", $"--regid={_runAsUser}", "--clear-groups", "--", path, .. arguments];
    }

    (int ExitCode, string Output) RunServerTool(string tool, params string[] arguments)
    {
        var command = ServerToolCommand(tool, arguments);
        return Run(true, command[0], command[1..]);
    }

    static (int ExitCode, string Output) Run(string file, params string[] arguments) => Run(true, file, arguments);

    static (int ExitCode, string Output) Run(bool throwOnError, string file, params string[] arguments)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = "/", UseShellExecute = false,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {file}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var output = process.StandardError.ReadToEnd() + stdout.Result;
        process.WaitForExit();
        if (throwOnError && process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(file)} {string.Join(' ', arguments)} failed with exit code {process.ExitCode}: {output}");
        return (process.ExitCode, output);
    }

    static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
