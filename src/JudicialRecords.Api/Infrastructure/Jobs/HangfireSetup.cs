using Hangfire;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using JudicialRecords.Api.Infrastructure.Auth;

namespace JudicialRecords.Api.Infrastructure.Jobs;

public static class HangfireSetup
{
    public const string Schema = "hangfire";

    public static IServiceCollection AddJobs(this IServiceCollection services, string connectionString, IConfiguration configuration)
    {
        services.AddHangfire(hangfire => hangfire
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UsePostgreSqlStorage(storage => storage.UseNpgsqlConnection(connectionString), new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = true,
                // A crashed worker's job is picked up again after the timeout instead of being lost.
                UseSlidingInvisibilityTimeout = true,
                InvisibilityTimeout = TimeSpan.FromMinutes(5),
                QueuePollInterval = TimeSpan.FromMilliseconds(200),
            }));
        services.AddHangfireServer(server =>
        {
            server.WorkerCount = configuration.GetValue("Hangfire:WorkerCount", Math.Max(4, Environment.ProcessorCount * 2));
            server.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return services;
    }

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
}
