using JudicialRecords.Api.Infrastructure.Jobs;
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
        services.AddRecurringJob<ChaseLateAnswersJob>(ChaseLateAnswersJob.RecurringJobId, options.ToSettings().ChaseSchedule,
            job => job.RunAsync(CancellationToken.None));
        services.ConfigureMarten(store =>
        {
            store.Projections.Add(new AgencyRequestProjection(), ProjectionLifecycle.Inline);
            store.Events.AddEventTypes(AgencyRequestProjection.EventTypes);
            store.Schema.For<AgencyRequestSnapshot>().Index(s => s.Agency).Index(s => s.Open).Index(s => s.DueAt);
            store.Schema.For<PoliceFilesChecked>();
            store.Schema.For<AgencyMessageEvidence>();
            store.Schema.For<AnswerDocument>();
        });
        return builder;
    }

    public static WebApplication MapAgencyRequests(this WebApplication app)
    {
        app.MapAgencyRequestEndpoints();
        return app;
    }
}
