using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JudicialRecords.Api.Infrastructure.Health;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseReady>("database", tags: ["ready"]);
        return services;
    }

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    /// <summary>Ready when PostgreSQL answers and Marten's schema matches the configuration (migrations applied).</summary>
    sealed class DatabaseReady(IDocumentStore store) : IHealthCheck
    {
        static volatile bool s_schemaConfirmed;

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            try
            {
                await using var session = store.QuerySession();
                await session.QueryAsync<int>("select 1", cancellationToken);
                if (!s_schemaConfirmed)
                {
                    await store.Storage.Database.AssertDatabaseMatchesConfigurationAsync(cancellationToken);
                    s_schemaConfirmed = true;
                }
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) // any failure means not ready; the probe reports it rather than throwing
            {
                return HealthCheckResult.Unhealthy(e.GetType().Name);
            }
        }
    }
}
