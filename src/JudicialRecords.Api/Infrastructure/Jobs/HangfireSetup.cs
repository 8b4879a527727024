using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using JudicialRecords.Api.Infrastructure.Auth;

namespace JudicialRecords.Api.Infrastructure.Jobs;

public static class HangfireSetup
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddJobs(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = true,
            // A crashed worker's job is picked up again after the timeout instead of being lost.
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = TimeSpan.FromMinutes(5),
            // Workers wait on LISTEN/NOTIFY for new jobs instead of sleeping until the next poll: an
            // approved certificate starts being issued within milliseconds.
            EnableLongPolling = true,
            // So the poll only finds what no notification announced (a job whose worker died, after the
            // invisibility timeout). At 200 ms, ten idle workers ran over 60 queue fetches a second between
            // them: the idle service used 4.8 % of a core, 1.4 % with this.
            QueuePollInterval = TimeSpan.FromSeconds(5),
        };
        DropUnusedGlobalFilters();
        // Hangfire's defaults are process-wide statics (JobStorage.Current, JobActivator.Current): with two
        // hosts in one process (the tests) one host's client would enqueue into, and its server activate
        // jobs from, the other. Registered first, these per-host instances win over AddHangfire's TryAdd.
        services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options));
        services.AddSingleton<JobActivator>(provider => new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((provider, hangfire) => hangfire
            .UseLogProvider(new HostLogProvider(provider.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), options));
        services.AddHangfireServer(server =>
        {
            server.WorkerCount = configuration.GetValue("Hangfire:WorkerCount", Math.Min(20, Environment.ProcessorCount * 5));
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }

    /// <summary>
    /// Two of Hangfire's process-wide default filters do work on every job that this service never uses.
    /// <c>CaptureCulture</c> stores the caller's culture with each job (a row in jobparameter) and reads it back, twice,
    /// before the job runs: every request and job here runs in the process's invariant culture, and the
    /// certificate's Vietnamese text and dates are formatted explicitly. <c>ContinuationsSupport</c> reads a
    /// "Continuations" parameter at each state change, for jobs started with <c>ContinueJobWith</c>, which no code
    /// here calls. Together about four of the 30 statements Hangfire runs on PostgreSQL for each certificate.
    /// </summary>
    /// <remarks>
    /// The filter list is process-wide and not thread-safe, and hosts may be built concurrently (the tests build several at
    /// once: two removals racing corrupted the list, and every host then failed with a NullReferenceException). So the
    /// filters are dropped once per process, under a lock, by the first host built, before any Hangfire server runs.
    /// </remarks>
    static void DropUnusedGlobalFilters()
    {
        lock (GlobalFiltersLock)
        {
            if (_globalFiltersDropped) return;
            GlobalJobFilters.Filters.Remove(typeof(CaptureCultureAttribute));
            GlobalJobFilters.Filters.Remove(typeof(ContinuationsSupportAttribute));
            _globalFiltersDropped = true;
        }
    }

    static readonly Lock GlobalFiltersLock = new();
    static bool _globalFiltersDropped;

    /// <summary>The dashboard at /hangfire, for the admin role only.</summary>
    public static IEndpointRouteBuilder MapJobsDashboard(this IEndpointRouteBuilder app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions
            {
                // Without explicit filters Hangfire allows local requests only; the endpoint policy below decides.
                Authorization = [new AdminOnly()],
                DisplayStorageConnectionString = false,
            })
            .RequireAuthorization(Roles.Admin);
        return app;
    }

    sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }

    /// <summary>
    /// Hangfire's log provider is process-wide too: when another host in the process (a test fixture)
    /// is disposed, its logger factory must not take the workers of the hosts still running down with it.
    /// </summary>
    sealed class HostLogProvider(ILoggerFactory factory) : Hangfire.Logging.ILogProvider
    {
        readonly Hangfire.AspNetCore.AspNetCoreLogProvider inner = new(factory);

        public Hangfire.Logging.ILog GetLogger(string name)
        {
            try
            {
                return new SafeLog(inner.GetLogger(name));
            }
            catch (ObjectDisposedException)
            {
                return new SafeLog(null);
            }
        }

        sealed class SafeLog(Hangfire.Logging.ILog? inner) : Hangfire.Logging.ILog
        {
            public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
            {
                try
                {
                    return inner?.Log(logLevel, messageFunc, exception) ?? false;
                }
                catch (ObjectDisposedException)
                {
                    return false;
                }
            }
        }
    }
}
