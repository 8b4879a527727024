using JasperFx;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Concurrency;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain.Applications;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>The public registry: anyone may check a certificate number; an approver may revoke.</summary>
public static class CertificateEndpoints
{
    public const string AlreadyRevoked = ProblemTypes.Conflict + ":certificate-revoked";
    public const int MaxReasonLength = 1000;

    /// <summary>What anyone may learn about a certificate: never who it is about or what it says.</summary>
    /// <param name="Status">"valid" or "revoked".</param>
    public sealed record CertificateStatusResponse(
        string Number,
        int FormType,
        DateTimeOffset IssuedAt,
        string Issuer,
        string Status,
        string Sha256,
        DateTimeOffset? RevokedAt);

    public sealed record RevocationRequest(string? Reason);

    public static IEndpointRouteBuilder MapCertificateEndpoints(this IEndpointRouteBuilder app)
    {
        var certificates = app.MapGroup("/api/v1/certificates").WithTags("Certificates");
        certificates.MapGet("/{number}", Get)
            .AllowAnonymous()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The registry status of a certificate: number, form, issue time, issuer, valid or revoked, SHA-256 of the PDF.");
        certificates.MapPost("/{number}/revocation", Revoke)
            .RequireAuthorization(Roles.Approver)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .WithSummary("Revoke a certificate (approver). A stale If-Match is 412; an already revoked certificate is 409.");
        return app;
    }

    static async Task<Results<Ok<CertificateStatusResponse>, ProblemHttpResult>> Get(
        string number, CertificateRegistry registry, HttpResponse response, CancellationToken cancellationToken)
    {
        if (await registry.FindAsync(number, cancellationToken) is not { } certificate)
            return NotFound(number);
        response.Headers.ETag = ETag(certificate);
        return TypedResults.Ok(ToResponse(certificate));
    }

    static async Task<Results<Ok<CertificateStatusResponse>, ValidationProblem, ProblemHttpResult>> Revoke(
        string number,
        [FromBody(EmptyBodyBehavior = Microsoft.AspNetCore.Mvc.ModelBinding.EmptyBodyBehavior.Allow)] RevocationRequest? body,
        [FromHeader(Name = "If-Match")] string? ifMatch,
        IDocumentSession session,
        TimeProvider clock,
        HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (errors.Text("reason", body?.Reason, MaxReasonLength, required: true) is not { } reason)
            return errors.ToProblem();

        if (await session.LoadAsync<CertificateRecord>(number, cancellationToken) is not { } certificate)
            return NotFound(number);
        if (ifMatch is not null && ifMatch != "*" && ifMatch != ETag(certificate))
            return PreconditionFailed(number);
        if (certificate.Status == CertificateStatus.Revoked)
            return AlreadyRevokedProblem(certificate);

        certificate.Status = CertificateStatus.Revoked;
        certificate.RevokedAt = clock.GetUtcNow();
        certificate.RevokedBy = context.User.Subject() ?? Roles.Approver;
        certificate.RevocationReason = reason;
        session.UpdateRevision(certificate, certificate.Version + 1);
        // The application shows it in the same transaction: its holder learns why, and a contradiction flagged on it is settled.
        // Written with the version read, like every change to an application: a late answer recorded meanwhile is a lost race.
        if (certificate.ApplicationId is { } applicationId
            && await session.Events.FetchForWriting<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(applicationId), cancellationToken) is
                { Aggregate: { } application } stream)
        {
            var revoked = ApplicationWorkflow.RecordRevocation(
                application.State, number, reason, new Actor(certificate.RevokedBy, Roles.Approver), certificate.RevokedAt.Value);
            if (revoked.Events.Count > 0) stream.AppendMany([.. revoked.Events]);
        }
        try
        {
            await session.SaveChangesAsync(cancellationToken);
        }
        catch (Exception e) when (Races.Lost(e))
        {
            // Someone else changed the certificate or its application between our read and write. Revocation is the only change a
            // certificate has, so it is most likely revoked now: say so (409, as for any second revocation); else the caller
            // decides again (412).
            await using var fresh = session.DocumentStore.QuerySession();
            return await fresh.LoadAsync<CertificateRecord>(number, cancellationToken) is { Status: CertificateStatus.Revoked } revoked
                ? AlreadyRevokedProblem(revoked)
                : PreconditionFailed(number);
        }

        context.Response.Headers.ETag = ETag(certificate);
        return TypedResults.Ok(ToResponse(certificate));
    }

    static CertificateStatusResponse ToResponse(CertificateRecord c) => new(
        c.Number, c.FormType, c.IssuedAt, c.Issuer, c.Status == CertificateStatus.Valid ? "valid" : "revoked", c.Sha256, c.RevokedAt);

    static string ETag(CertificateRecord c) => VersionTags.Of(c.Version);

    static ProblemHttpResult NotFound(string number) => Problems.NotFound($"No certificate has the number '{number}'.");

    static ProblemHttpResult AlreadyRevokedProblem(CertificateRecord c) => Problems.Conflict(
        $"Certificate {c.Number} was already revoked at {c.RevokedAt:O}; the first revocation stands.", AlreadyRevoked);

    static ProblemHttpResult PreconditionFailed(string number) =>
        Problems.PreconditionFailed($"Certificate {number} has changed since the If-Match version was read.");
}
