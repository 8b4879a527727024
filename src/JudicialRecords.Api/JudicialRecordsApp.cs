using JudicialRecords.Api.Features.AgencyRequests;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.LegacyImport;
using JudicialRecords.Api.Features.NationalCentre;
using JudicialRecords.Api.Features.Population;
using JudicialRecords.Api.Features.Reconciliation;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Features.Verification;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Health;
using JudicialRecords.Api.Infrastructure.Jobs;
using JudicialRecords.Api.Infrastructure.Json;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Api.Infrastructure.OpenApi;
using JudicialRecords.Api.Infrastructure.Postgres;

namespace JudicialRecords.Api;

/// <summary>Composes the service: infrastructure first, then each feature area registers itself.</summary>
public static class JudicialRecordsApp
{
    public static WebApplication Build(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        var connectionString = builder.AddPostgres();
        builder.AddAuth();
        builder.AddCertificates();
        builder.AddVerification();
        builder.AddPopulation();
        builder.AddApplications();
        builder.AddDelivery();
        builder.AddAgencyRequests();
        builder.AddAgencySignatures();
        builder.AddNationalCentre();
        builder.Services
            .AddErrorHandling()
            .AddJsonConventions()
            .AddHealth()
            .AddApiDocumentation()
            .AddEventStore(connectionString)
            .AddRecords()
            .AddExchange()
            .AddLegacyImport()
            .AddReconciliation()
            .AddJobs(connectionString, builder.Configuration);

        var app = builder.Build();
        app.UseErrorHandling();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseUtf8JsonOnly();
        app.UseAgencyMessageBuffering();
        app.UseApiDocumentation();
        app.MapHealth();
        app.MapDevTokens();
        app.MapJobsDashboard();
        app.MapExchange();
        app.MapRecords();
        app.MapCertificates();
        app.MapVerification();
        app.MapApplications();
        app.MapDelivery();
        app.MapAgencyRequests();
        app.MapReconciliation();
        app.MapPopulationSimulator();
        app.MapNationalCentre();
        return app;
    }
}
