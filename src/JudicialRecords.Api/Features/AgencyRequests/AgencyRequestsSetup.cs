using Hangfire;
using JasperFx.Events.Projections;
using Marten;

namespace JudicialRecords.Api.Features.AgencyRequests;

public static class AgencyRequestsSetup
{
    /// <summary>Configuration (section "AgencyRequests"), the request streams and their inline projection, the answer writer and the sweep.</summary>
    public static WebApplicationBuilder AddAgencyRequests(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AgencyRequestsOptions.Section).Get<AgencyRequestsOptions>() ?? new AgencyRequestsOptions();
        var services = builder.Services;
        services.AddSingleton(options.ToSettings());
        services.AddSingleton<VerificationPlanner>();
        services.AddScoped<AgencyAnswerWriter>();
        services.AddTransient<ChaseLateAnswersJob>();
        services.AddHostedService<ChaseRegistration>();
        services.ConfigureMarten(store =>
        {
            store.Projections.Add(new AgencyRequestProjection(), ProjectionLifecycle.Inline);
            store.Events.AddEventTypes(AgencyRequestProjection.EventTypes);
            store.Schema.For<AgencyRequestSnapshot>().Index(s => s.Agency).Index(s => s.Open).Index(s => s.DueAt);
            store.Schema.For<PoliceFilesChecked>();
            store.Schema.For<AgencyMessageEvidence>();
        });
        return builder;
    }

    public static WebApplication MapAgencyRequests(this WebApplication app)
    {
        app.MapAgencyRequestEndpoints();
        return app;
    }

    /// <summary>Registers the recurring sweep once the host (and so Hangfire's storage) is up.</summary>
    sealed class ChaseRegistration(IRecurringJobManager jobs, AgencyRequestSettings settings) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            jobs.AddOrUpdate<ChaseLateAnswersJob>(ChaseLateAnswersJob.RecurringJobId, job => job.RunAsync(CancellationToken.None), settings.ChaseSchedule);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
