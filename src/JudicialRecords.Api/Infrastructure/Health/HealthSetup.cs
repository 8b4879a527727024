using Marten;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace JudicialRecords.Api.Infrastructure.Health;

public static class HealthSetup
{
    public static IServiceCollection AddHealth(this IServiceCollection services)
    {
        services.AddHealthChecks()
            .AddCheck<DatabaseReady>("database", tags: ["ready"])
            .AddCheck<KeysReady>("keys", tags: ["ready"]);
        return services;
    }

    /// <summary>
    /// Makes <typeparamref name="T"/> part of readiness: the service is not ready until it can be built. For what loads keys,
    /// trust roots or configuration on first use (the certificate signer, the receipt key): a wrong path or password must keep
    /// a new instance out of the load balancer, not fail the first issuance, verification or agency message after it joined.
    /// </summary>
    public static IServiceCollection AddReadinessOf<T>(this IServiceCollection services, string what) where T : notnull =>
        services.AddSingleton(new ReadyWhenBuilt(typeof(T), what));

    public static IEndpointRouteBuilder MapHealth(this IEndpointRouteBuilder app)
    {
        app.MapHealthChecks("/health/live", new() { Predicate = _ => false }).AllowAnonymous();
        app.MapHealthChecks("/health/ready", new() { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous();
        return app;
    }

    public sealed record ReadyWhenBuilt(Type Service, string What);

    /// <summary>Ready when every <see cref="ReadyWhenBuilt"/> service can be built; what could not is named in the log, not the answer.</summary>
    sealed class KeysReady(IServiceProvider services, IEnumerable<ReadyWhenBuilt> required) : IHealthCheck
    {
        public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
        {
            foreach (var (service, what) in required)
            {
                try
                {
                    services.GetRequiredService(service);
                }
                catch (Exception e) // a setting that does not load: reported, not thrown
                {
                    return Task.FromResult(HealthCheckResult.Unhealthy($"{what} could not be loaded: {e.Message}"));
                }
            }
            return Task.FromResult(HealthCheckResult.Healthy());
        }
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
