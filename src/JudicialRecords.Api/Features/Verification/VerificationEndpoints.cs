using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Infrastructure.Health;
using JudicialRecords.Api.Infrastructure;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Documents.Pki;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Documents.Verification;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.HttpResults;
using RegistryStatus = JudicialRecords.Api.Features.Certificates.CertificateStatus;
using ReportStatus = JudicialRecords.Documents.Verification.CertificateStatus;

namespace JudicialRecords.Api.Features.Verification;

/// <summary>POST /api/v1/verification: anyone uploads a certificate PDF and gets an ETSI-style validation report.</summary>
public static class VerificationEndpoints
{
    /// <summary>A certificate is a few hundred kilobytes; anything far larger is not one.</summary>
    public const int MaxUploadBytes = 10 * 1024 * 1024;

    public static WebApplicationBuilder AddVerification(this WebApplicationBuilder builder)
    {
        var trust = builder.Configuration.GetSection(TrustOptions.SectionName).Get<TrustOptions>();
        var crls = builder.Configuration.GetSection($"{SigningOptions.SectionName}:{nameof(SigningOptions.CrlPaths)}").Get<string[]>();
        if (string.IsNullOrWhiteSpace(trust?.AnchorsPath) && DevelopmentFiles.Find(builder.Environment, "certs-dev") is { } certsDev)
        {
            trust = DevPkiDefaults.Trust(certsDev);
            crls ??= [.. DevPkiDefaults.Signing(certsDev).CrlPaths];
        }
        var limits = builder.Configuration.GetSection(VerificationLimits.SectionName).Get<VerificationLimits>() ?? new VerificationLimits();
        builder.Services.AddSingleton(new VerificationGate(limits));
        builder.Services.AddSingleton(provider =>
        {
            var registry = provider.GetRequiredService<CertificateRegistry>();
            return PdfSignatureVerifier.FromOptions(
                trust ?? throw new InvalidOperationException("Trust:AnchorsPath is not configured (PEM roots that verifiers accept)."),
                provider.GetRequiredService<TimeProvider>(),
                // A number is printable ASCII ("LLTP-CADNA-2026-000123"); anything else in a PDF was never issued, and a NUL
                // would not even reach the database.
                async (number, cancellation) => number.Length <= 64 && number.All(c => c is > ' ' and <= '~')
                    && await registry.FindAsync(number, cancellation) is { } issued
                    ? new IssuedCertificate(issued.Status == RegistryStatus.Revoked ? ReportStatus.Revoked : ReportStatus.Valid, issued.Sha256, issued.Length)
                    : null,
                crls);
        });
        builder.Services.AddReadinessOf<PdfSignatureVerifier>("The roots verifiers accept (Trust:AnchorsPath)");
        return builder;
    }

    public static IEndpointRouteBuilder MapVerification(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/v1/verification", Verify)
            .AllowAnonymous()
            .DisableAntiforgery()
            // One Accepts for both: the endpoint's content-type filter honours only the last declaration.
            .Accepts<IFormFile>("multipart/form-data", "application/pdf")
            .WithTags("Verification")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Validate a certificate PDF (body application/pdf, or multipart field 'file'): signatures, chain, integrity, revocation, registry status.");
        return app;
    }

    static async Task<Results<Ok<VerificationReport>, ValidationProblem, ProblemHttpResult>> Verify(
        HttpRequest request, PdfSignatureVerifier verifier, VerificationGate gate, CancellationToken cancellation)
    {
        if (request.ContentLength > MaxUploadBytes) return TooLarge();
        byte[]? pdf;
        if (request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await request.ReadFormAsync(cancellation);
            }
            catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                // A chunked body past the server's own limit: too large, not malformed.
                return TooLarge();
            }
            catch (Exception e) when (e is InvalidDataException or IOException)
            {
                // No boundary, a cut-off part, a malformed header: the client's body, not our fault.
                return Problems.Validation("file", "The multipart body is malformed: " + e.Message);
            }
            if (form.Files.GetFile("file") is not { } file) return Problems.Validation("file", "Upload the PDF in the multipart field 'file'.");
            if (file.Length > MaxUploadBytes) return TooLarge();
            await using var stream = file.OpenReadStream();
            pdf = await ReadCapped(stream, cancellation);
        }
        else if (request.ContentType?.StartsWith("application/pdf", StringComparison.OrdinalIgnoreCase) == true)
        {
            pdf = await ReadCapped(request.Body, cancellation);
        }
        else
        {
            return TypedResults.Problem("Send the certificate as application/pdf, or as multipart/form-data with a field 'file'.",
                statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type.", type: ProblemTypes.UnsupportedMediaType);
        }
        if (pdf is null) return TooLarge();
        // A place is taken only now, with the upload read: a client sending slowly holds nothing.
        using var place = await gate.EnterAsync(cancellation);
        if (!place.IsAcquired)
        {
            request.HttpContext.Response.Headers.RetryAfter = "1";
            return Problems.Busy("Too many verifications are running; try again in a moment.");
        }
        return TypedResults.Ok(await verifier.VerifyAsync(pdf, cancellation));
    }

    /// <summary>The body, or null when it exceeds the limit (a missing or false Content-Length must not get past it).</summary>
    static async Task<byte[]?> ReadCapped(Stream body, CancellationToken cancellation)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellation)) > 0)
        {
            if (buffer.Length + read > MaxUploadBytes) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A certificate PDF is at most {MaxUploadBytes / (1024 * 1024)} MiB.",
            statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large.", type: ProblemTypes.PayloadTooLarge);
}

/// <summary>
/// Anyone may upload, and a validation is CPU work: at most so many run at once, a few wait, the rest are told to come back
/// (503 with Retry-After) instead of piling up until the service answers nobody.
/// </summary>
public sealed class VerificationGate(VerificationLimits limits) : IDisposable
{
    readonly ConcurrencyLimiter limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = limits.MaxConcurrent, QueueLimit = limits.MaxQueued, QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellation) => limiter.AcquireAsync(1, cancellation);

    public void Dispose() => limiter.Dispose();
}

/// <summary>How many verifications run at once and how many wait (section "Verification").</summary>
public sealed class VerificationLimits
{
    public const string SectionName = "Verification";

    /// <summary>One per core: a validation keeps a core busy while it runs.</summary>
    public int MaxConcurrent { get; set; } = Environment.ProcessorCount;

    public int MaxQueued { get; set; } = 4 * Environment.ProcessorCount;
}
