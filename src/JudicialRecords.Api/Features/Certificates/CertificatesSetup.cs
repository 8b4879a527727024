using JudicialRecords.Api.Infrastructure;
using JudicialRecords.Api.Infrastructure.Health;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Domain.Certificates;
using Marten;
using Marten.Schema;

namespace JudicialRecords.Api.Features.Certificates;

public static class CertificatesSetup
{
    /// <summary>Registry documents, renderer, signer and issuer. The signer loads its keys on first use.</summary>
    public static WebApplicationBuilder AddCertificates(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(CertificateOptions.SectionName).Get<CertificateOptions>() ?? new CertificateOptions();
        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(options.ToAgencyNames());
        var development = builder.Environment.IsDevelopment();
        services.AddSingleton(_ =>
        {
            // The defaults carry the development PKI's signer names: outside Development a certificate must never print them.
            if (!development && options.Authorities.Count == 0)
                throw new InvalidOperationException(
                    "Certificates:Authorities is not configured: outside Development the issuing authorities (name, header, signer) come from configuration.");
            // Every certificate's QR code carries it: the default, a developer's localhost, would send verifiers nowhere.
            if (!development && string.IsNullOrWhiteSpace(builder.Configuration[$"{CertificateOptions.SectionName}:{nameof(CertificateOptions.PublicBaseUrl)}"]))
                throw new InvalidOperationException(
                    "Certificates:PublicBaseUrl is not configured: outside Development the address printed in certificates' QR codes comes from configuration.");
            var authorities = options.ToAuthorities();
            return authorities.IsSuccess
                ? authorities.Value
                : throw new InvalidOperationException($"Certificates:Authorities is invalid: {authorities.Error!.Detail}");
        });
        services.AddSingleton<ICertificateRenderer, PdfCertificateRenderer>();
        services.AddHttpClient(nameof(IPdfSigner));
        services.AddSingleton(_ => SigningOptions(builder.Configuration, builder.Environment));
        services.AddSingleton<IPdfSigner>(provider => CertificatePdfSigner.FromOptions(
            provider.GetRequiredService<SigningOptions>(),
            provider.GetRequiredService<TimeProvider>(),
            provider.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(IPdfSigner))));
        services.AddSingleton<CertificateSigners>();
        services.AddReadinessOf<IssuingAuthorities>("Certificates:Authorities").AddReadinessOf<IPdfSigner>("The signing keys (Signing)")
            .AddReadinessOf<CertificateSigners>("The issuing authorities' own keys (Certificates:Authorities:N:Officer, :Seal)");
        services.AddSingleton<CertificateRegistry>();
        services.AddSingleton<CertificateNumbers>();
        services.AddSingleton<CertificatePdfs>();
        services.AddSingleton<IInitialData, PreparePdfStorage>();
        services.AddSingleton<CertificateIssuer>();
        services.ConfigureMarten(store =>
        {
            store.Schema.For<CertificateRecord>()
                .Identity(c => c.Number)
                .UseNumericRevisions(true)
                .Metadata(m => m.Revision.MapTo(c => c.Version))
                .UniqueIndex(UniqueIndexType.Computed, "certificate_application", c => c.ApplicationId!)
                .Index(c => c.PersonalId);
            store.Storage.ExtendedSchemaObjects.Add(CertificateNumbers.Table(store.DatabaseSchemaName));
            store.Storage.ExtendedSchemaObjects.Add(CertificatePdfs.Table(store.DatabaseSchemaName));
        });
        return builder;
    }

    public static WebApplication MapCertificates(this WebApplication app)
    {
        app.MapCertificateEndpoints();
        return app;
    }

    /// <summary>Section "Signing" when it names the officer's key; otherwise, in Development only, certs-dev.</summary>
    static SigningOptions SigningOptions(IConfiguration configuration, IHostEnvironment environment)
    {
        var configured = configuration.GetSection(Documents.Signing.SigningOptions.SectionName).Get<SigningOptions>();
        if (!string.IsNullOrWhiteSpace(configured?.Officer.Pkcs12Path)) return configured;
        var certsDev = DevelopmentFiles.Find(environment, "certs-dev")
            ?? throw new InvalidOperationException("Signing is not configured: set Signing:Officer, Signing:Seal and Signing:TsaUrl.");
        return DevPkiDefaults.Signing(certsDev);
    }
}
