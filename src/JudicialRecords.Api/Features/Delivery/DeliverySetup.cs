using JudicialRecords.Api.Infrastructure.Jobs;
using Hangfire;
using JudicialRecords.Domain.Applications;
using Marten;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>The delivery area: carrier adapter, delivery streams, dispatch and polling jobs, and in Development the carrier simulator.</summary>
public static class DeliverySetup
{
    /// <summary>The named HttpClient of <see cref="HttpCarrier"/>; tests point its handler at the test server.</summary>
    public const string CarrierClientName = "post-carrier";

    const string DevelopmentService = "http://localhost:5080";
    const string DevelopmentSecret = "development-post-secret";

    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DeliveryOptions.Section).Get<DeliveryOptions>() ?? new DeliveryOptions();
        var development = builder.Environment.IsDevelopment();
        options.Carrier.BaseUrl ??= development ? $"{DevelopmentService}/sim/post/" : null;
        options.Carrier.Secret ??= development ? DevelopmentSecret : null;
        options.Simulator.WebhookUrl ??= $"{DevelopmentService}/api/v1/delivery/webhooks/{options.Carrier.Name}";

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.Carrier);
        services.AddSingleton(options.Simulator);
        services.AddHttpClient<ICarrier, HttpCarrier>(CarrierClientName, client =>
        {
            if (options.Carrier.BaseUrl is { } baseUrl) client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
            client.Timeout = options.Carrier.Timeout;
        });
        services.AddHttpClient(PostSimulator.WebhookClientName);
        services.AddSingleton<DeliveryWriter>();
        services.AddSingleton<TrackingRecorder>();
        services.AddTransient<DispatchJob>();
        services.AddTransient<PollCarrierJob>();
        services.AddTransient<PostSimulatorRedelivery>();
        services.AddRecurringJob<PollCarrierJob>(PollCarrierJob.RecurringJobId, options.Polling.Cron, job => job.RunAsync(CancellationToken.None));
        services.ConfigureMarten((provider, store) =>
        {
            store.Projections.Add(new DeliveryTrackingProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            store.Events.AddEventTypes(DeliveryTrackingProjection.EventTypes);
            store.Schema.For<DeliveryTracking>()
                .Index(d => d.Progress)
                .Index(d => d.LastHeardAt)
                .Index(d => d.UnshippedSince)
                .Index(d => d.DaysToPostalDelivery);
            store.Schema.For<ShipmentLink>();
            store.Schema.For<HeldTrackingReport>().Index(h => h.TrackingNumber).Index(h => h.ReceivedAt);
            store.Schema.For<SimulatedShipment>().UniqueIndex(s => s.Reference).UseOptimisticConcurrency(true);
            store.Events.Subscribe(new IssuedCertificates(provider), subscription => subscription.IncludeType<CertificateIssued>());
        });
        return builder;
    }

    public static WebApplication MapDelivery(this WebApplication app)
    {
        app.MapDeliveryEndpoints();
        app.MapPostSimulator();
        return app;
    }
}
