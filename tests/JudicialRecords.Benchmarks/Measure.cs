using System.Diagnostics;

namespace JudicialRecords.Benchmarks;

/// <summary>Throughput and latency of an operation run by several workers for a fixed time.</summary>
static class Measure
{
    public sealed record Figures(string Name, int Workers, long Count, TimeSpan Elapsed, double[] LatenciesMs)
    {
        public double PerSecond => Count / Elapsed.TotalSeconds;
        public double Percentile(double p) => LatenciesMs.Length == 0 ? double.NaN : LatenciesMs[Math.Min(LatenciesMs.Length - 1, (int)(p / 100 * LatenciesMs.Length))];

        public override string ToString() =>
            $"{Name,-44} {(Workers > 0 ? $"{Workers,2} workers" : "open loop")}  {Count,9:N0} ops in {Elapsed.TotalSeconds,5:0.0} s  = {PerSecond,10:N1}/s   " +
            $"p50 {Percentile(50),7:0.00} ms  p95 {Percentile(95),7:0.00} ms  p99 {Percentile(99),7:0.00} ms";
    }

    /// <summary>
    /// Runs <paramref name="load"/> in slices of 10 s until the JIT has settled: a slice in which it compiled fewer than 100
    /// methods, or <paramref name="longest"/>. Under full load on two cores the JIT's background thread gets only a small share
    /// of the CPU, so a large service keeps re-compiling its hot code at higher tiers for minutes (10,565 methods, 23 s of JIT
    /// time in the 40 s after a 30 s warm-up of the applications scenario); a figure taken meanwhile measures the JIT, not
    /// the service as it runs for days. Prints what it did, and the JIT during the measured period follows each figure.
    /// </summary>
    public static async Task WarmUpAsync(Func<TimeSpan, Task> load, TimeSpan longest)
    {
        var slice = TimeSpan.FromSeconds(10);
        var clock = Stopwatch.StartNew();
        var compiled = new List<long>();
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            await load(slice);
            compiled.Add(System.Runtime.JitInfo.GetCompiledMethodCount() - before);
        } while (compiled[^1] >= 100 && clock.Elapsed < longest);
        Console.WriteLine($"warm-up: {clock.Elapsed.TotalSeconds:0} s under the same load, methods JIT-compiled per 10 s: {string.Join(", ", compiled)}" +
                          (compiled[^1] >= 100 ? " (stopped at the limit; the JIT had not settled)" : ""));
    }

    /// <summary>
    /// What the JIT compiled and how often the garbage collector ran, and for how long it paused the process (service and
    /// clients), since <paramref name="since"/> (a <see cref="RuntimeMark"/>), for the line under a figure: a compile or a pause
    /// inside a measured period is a latency the service would not show once warm, or would show in every period.
    /// </summary>
    public static string RuntimeSince(Runtime since)
    {
        var now = RuntimeMark();
        return $"JIT meanwhile: {now.Methods - since.Methods:N0} methods, {(now.Compiling - since.Compiling).TotalMilliseconds:N0} ms; " +
               $"GC meanwhile: {now.Collections - since.Collections:N0} collections ({now.Gen2 - since.Gen2:N0} of gen 2), " +
               $"{(now.Paused - since.Paused).TotalMilliseconds:N0} ms paused";
    }

    public readonly record struct Runtime(long Methods, TimeSpan Compiling, int Collections, int Gen2, TimeSpan Paused);

    public static Runtime RuntimeMark() => new(System.Runtime.JitInfo.GetCompiledMethodCount(), System.Runtime.JitInfo.GetCompilationTime(),
        GC.CollectionCount(0), GC.CollectionCount(2), GC.GetTotalPauseDuration());

    /// <summary>CPU time used so far by this process (service and clients) and by every PostgreSQL process, and when.</summary>
    public readonly record struct CpuMark(TimeSpan Here, TimeSpan Postgres, long Timestamp);

    /// <summary>
    /// Where the CPU went: how much of an operation's cost is PostgreSQL's, and whether a run kept the cores busy. On a
    /// saturated machine it is the inverse of the throughput, so it varies from run to run as much (10 % and more in
    /// twelve application runs): it does not tell two builds apart with fewer runs.
    /// </summary>
    public static CpuMark CpuNow() =>
        new(Process.GetCurrentProcess().TotalProcessorTime, PostgresCpu(), Stopwatch.GetTimestamp());

    public static string CpuSince(CpuMark since, long operations)
    {
        var now = CpuNow();
        var (here, postgres) = ((now.Here - since.Here).TotalMilliseconds, (now.Postgres - since.Postgres).TotalMilliseconds);
        var busy = (here + postgres) / Stopwatch.GetElapsedTime(since.Timestamp, now.Timestamp).TotalMilliseconds;
        return $"CPU per operation: {here / operations:0.000} ms here (service and clients) + {postgres / operations:0.000} ms PostgreSQL = " +
               $"{(here + postgres) / operations:0.000} ms; {busy:0.00} of {Environment.ProcessorCount} cores busy";
    }

    /// <summary>
    /// User and system time of every process named postgres (/proc/PID/stat), with what the postmaster collected from its
    /// children that exited (backends, autovacuum workers). Machine-wide: run benchmarks on a quiet machine.
    /// </summary>
    static TimeSpan PostgresCpu()
    {
        const double ticksPerSecond = 100; // USER_HZ (sysconf(_SC_CLK_TCK)) on Linux
        long ticks = 0;
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!char.IsAsciiDigit(Path.GetFileName(directory)[0])) continue;
            string stat;
            try
            {
                stat = File.ReadAllText(Path.Combine(directory, "stat"));
            }
            catch (IOException)
            {
                continue; // exited meanwhile
            }
            var open = stat.IndexOf('(');
            var close = stat.LastIndexOf(')');
            if (open < 0 || close < 0 || stat[(open + 1)..close] != "postgres") continue;
            // After "(comm) ": state is field 3; utime, stime, cutime, cstime are fields 14 to 17.
            var fields = stat[(close + 2)..].Split(' ');
            ticks += long.Parse(fields[11]) + long.Parse(fields[12]) + long.Parse(fields[13]) + long.Parse(fields[14]);
        }
        return TimeSpan.FromSeconds(ticks / ticksPerSecond);
    }

    /// <param name="settle">Run after the warm-up and before the measured period: the warm-up's deferred work done, so that it is not measured.</param>
    public static async Task<Figures> ForAsync(string name, int workers, TimeSpan duration, Func<int, long, Task> operation, bool warmUp = false,
        Func<Task>? settle = null)
    {
        if (warmUp) await WarmUpAsync(slice => RunAsync(workers, slice, operation, new List<double>[workers]), TimeSpan.FromMinutes(4));
        if (settle is not null) await settle();
        var (runtime, cpu) = (RuntimeMark(), CpuNow());
        var latencies = new List<double>[workers];
        var (count, elapsed) = await RunAsync(workers, duration, operation, latencies);
        var used = CpuSince(cpu, count);
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        var figures = new Figures(name, workers, count, elapsed, all);
        Console.WriteLine(figures);
        Console.WriteLine($"    {RuntimeSince(runtime)}");
        Console.WriteLine($"    {used}");
        return figures;
    }

    /// <summary>
    /// Open loop: starts <paramref name="operation"/> <paramref name="perSecond"/> times a second on a fixed schedule, whether or not
    /// earlier ones have finished, so a slow answer does not hold back the requests after it (which would hide a stall
    /// behind fewer requests). Each is timed from when it starts running on the client's thread pool: neither the
    /// timer's lateness nor the client's own queue is counted. With <paramref name="warmUp"/>, the same paced load runs
    /// first until the JIT has settled (the pacing itself is code the closed loop never ran).
    /// </summary>
    public static async Task<Figures> AtRateAsync(string name, int perSecond, TimeSpan duration, Func<long, Task> operation, bool warmUp = false)
    {
        if (warmUp) await WarmUpAsync(slice => PacedAsync(perSecond, slice, operation), TimeSpan.FromMinutes(4));
        var (runtime, cpu) = (RuntimeMark(), CpuNow());
        var stopwatch = Stopwatch.StartNew();
        var latencies = await PacedAsync(perSecond, duration, operation);
        var elapsed = stopwatch.Elapsed;
        var used = CpuSince(cpu, latencies.Length);
        Array.Sort(latencies);
        var figures = new Figures(name, 0, latencies.Length, elapsed, latencies);
        Console.WriteLine(figures);
        Console.WriteLine($"    {RuntimeSince(runtime)}");
        Console.WriteLine($"    {used}");
        return figures;
    }

    static async Task<double[]> PacedAsync(int perSecond, TimeSpan duration, Func<long, Task> operation)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        var running = new Task[total];
        var stopwatch = Stopwatch.StartNew();
        for (long i = 0; i < total; i++)
        {
            var due = TimeSpan.FromSeconds((double)i / perSecond);
            if (due > stopwatch.Elapsed) await Task.Delay(due - stopwatch.Elapsed);
            var index = i;
            running[i] = Task.Run(async () =>
            {
                var started = Stopwatch.GetTimestamp();
                await operation(index);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            });
        }
        await Task.WhenAll(running);
        return latencies;
    }

    static async Task<(long Count, TimeSpan Elapsed)> RunAsync(int workers, TimeSpan duration, Func<int, long, Task> operation, List<double>[] latencies)
    {
        long count = 0;
        var stopwatch = Stopwatch.StartNew();
        var deadline = duration;
        var tasks = Enumerable.Range(0, workers).Select(worker => Task.Run(async () =>
        {
            var mine = latencies[worker] = new List<double>(1 << 16);
            long i = 0;
            while (stopwatch.Elapsed < deadline)
            {
                var started = Stopwatch.GetTimestamp();
                await operation(worker, i++);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                Interlocked.Increment(ref count);
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        return (count, stopwatch.Elapsed);
    }

    public static TimeSpan Seconds(string[] args, string option, int fallback)
    {
        var index = Array.IndexOf(args, option);
        return TimeSpan.FromSeconds(index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback);
    }

    public static int[] Ints(string[] args, string option, params int[] fallback)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? [.. args[index + 1].Split(',').Select(int.Parse)] : fallback;
    }

    public static int Int(string[] args, string option, int fallback)
    {
        var index = Array.IndexOf(args, option);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1]) : fallback;
    }
}
