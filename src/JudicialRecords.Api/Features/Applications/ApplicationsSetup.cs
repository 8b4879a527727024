using Hangfire;
using JasperFx.Events.Projections;
using JudicialRecords.Api.Infrastructure.Jobs;
using JudicialRecords.Domain;
using Marten;

namespace JudicialRecords.Api.Features.Applications;

public static class ApplicationsSetup
{
    /// <summary>Configuration (section "Applications"), the stream projection, the writer and the issuance job.</summary>
    public static WebApplicationBuilder AddApplications(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApplicationsOptions.Section).Get<ApplicationsOptions>() ?? new ApplicationsOptions();
        var settings = new ApplicationSettings(options.ToPolicy(), options.InstantIssuance ?? builder.Environment.IsDevelopment(),
            options.IssuanceWorkers ?? 2 * Environment.ProcessorCount);
        var services = builder.Services;
        services.AddSingleton(settings);
        services.AddSingleton(new IdentityFailures(options));
        services.AddSingleton<InstantIssuance>();
        services.AddSingleton<ApplicationWriter>();
        services.AddSingleton<IssuanceSignals>();
        services.AddTransient<IssueCertificateJob>();
        services.AddSingleton<IssuanceQueue>();
        services.AddHostedService(s => s.GetRequiredService<IssuanceQueue>());
        services.AddRecurringJob<IssuanceSweep>("applications:issuance-sweep", Cron.Minutely(), sweep => sweep.RunAsync());
        services.ConfigureMarten(store =>
        {
            // Decisions read the application in the transaction that appends to it: an inline snapshot.
            store.Projections.Add(new ApplicationProjection(), ProjectionLifecycle.Inline);
            store.Events.AddEventTypes(ApplicationProjection.EventTypes);
            store.Schema.For<IssuanceSwept>().Index(s => s.At);
            store.Schema.For<ApplicationSnapshot>()
                .Index(s => s.OwnerId)
                .Index(s => s.RequestingAgency)
                .Index(s => s.Status)
                .Index(s => s.DueAt)
                // The default queue adds contradicted certificates to the open statuses: a few rows among millions issued.
                .Index(s => s.Contradicted);
        });
        return builder;
    }

    public static WebApplication MapApplications(this WebApplication app)
    {
        app.MapApplicationEndpoints();
        WarnOfUnknownHolidays(app);
        return app;
    }

    /// <summary>
    /// The holiday list is configuration that the government's yearly plan must refresh: a year it does not cover counts
    /// every weekday as a working day, so deadlines in working days would fall on Tết. Say so at start-up.
    /// </summary>
    static void WarnOfUnknownHolidays(WebApplication app)
    {
        var calendar = app.Services.GetRequiredService<ApplicationSettings>().Policy.Calendar;
        var year = VietnamTime.Today(app.Services.GetRequiredService<TimeProvider>()).Year;
        foreach (var unknown in new[] { year, year + 1 }.Where(y => !calendar.HasHolidaysIn(y)))
            app.Logger.LogWarning(
                "The working calendar lists no public holiday in {Year} (Applications:Holidays): deadlines counted in working days "
                + "treat that year's holidays as working days until it is configured.", unknown);
    }
}
