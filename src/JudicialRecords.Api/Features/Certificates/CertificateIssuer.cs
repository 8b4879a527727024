using JudicialRecords.Domain;
using System.Globalization;
using System.Security.Cryptography;
using JasperFx;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Records;
using Marten;
using Npgsql;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// Issues a certificate: reads the person's record as of today in Vietnam, words it, renders, signs,
/// numbers and registers it. What the applications feature calls (from its Hangfire job).
/// </summary>
public sealed class CertificateIssuer(
    IDocumentStore store,
    CertificateRegistry registry,
    IssuingAuthorities authorities,
    CertificateOptions options,
    ICertificateRenderer renderer,
    IPdfSigner signer,
    TimeProvider clock,
    ILogger<CertificateIssuer> logger)
{
    // Numbers race only between issuers of one authority in the same instant; a handful of retries suffices.
    private const int MaxAttempts = 5;

    /// <summary>
    /// Issues the certificate, or for an application that already has one, returns that one.
    /// </summary>
    /// <param name="personalId">The person's record stream key: the 12-digit personal ID, or a foreigner's passport number.</param>
    /// <param name="request">What was asked; its person is printed when there is no record.</param>
    public async Task<CertificateRecord> IssueAsync(string personalId, CertificateRequest request, Guid? applicationId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personalId);
        if (request.Person.PersonalId != personalId)
            throw new ArgumentException($"The request is about {request.Person.PersonalId}, not {personalId}.", nameof(request));

        if (applicationId is { } existingFor && await registry.FindByApplicationAsync(existingFor, cancellationToken) is { } existing)
            return existing;

        var issuedAt = clock.GetUtcNow();
        var today = VietnamTime.DateOf(issuedAt);
        var authority = authorities.InForceOn(today) is { IsSuccess: true } found
            ? found.Value
            : throw new InvalidOperationException($"No issuing authority is configured for {today:yyyy-MM-dd} (Certificates:Authorities).");

        CriminalRecord? record;
        await using (var reading = store.QuerySession())
        {
            // The inline projection's snapshot: consistent with every acknowledged append.
            record = await reading.LoadAsync<CriminalRecord>(personalId, cancellationToken);
        }
        var content = CertificateContent.Build(record, request, authority, today);

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            var counterId = $"{authority.Code}-{today.Year.ToString(CultureInfo.InvariantCulture)}";
            var counter = await session.LoadAsync<CertificateNumberCounter>(counterId, cancellationToken)
                ?? new CertificateNumberCounter { Id = counterId };
            counter.Last++;
            var number = FormatNumber(authority.Code, today.Year, counter.Last);

            var pdf = await signer.SignAsync(
                renderer.Render(CertificateDocumentMapper.Map(content, number, options.VerificationUrl(number))), cancellationToken);
            var certificate = new CertificateRecord
            {
                Number = number,
                FormType = (int)request.Form,
                IssuedAt = issuedAt,
                IssuedOn = today,
                Issuer = authority.Name,
                AuthorityCode = authority.Code,
                ApplicationId = applicationId,
                PersonalId = personalId,
                RecordVersion = content.RecordVersion,
                Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
                Status = CertificateStatus.Valid,
            };

            session.Store(counter);
            session.Insert(certificate);
            session.Insert(new CertificatePdf(number, pdf));
            try
            {
                await session.SaveChangesAsync(cancellationToken);
                return certificate;
            }
            catch (Exception e) when (IsUniqueViolation(e))
            {
                // Either another issuer took this number, or another run issued for this application.
                if (applicationId is { } id && await registry.FindByApplicationAsync(id, cancellationToken) is { } issued)
                    return issued;
                if (attempt >= MaxAttempts) throw;
                logger.LogInformation("Certificate number {Number} was taken concurrently; retrying (attempt {Attempt}).", number, attempt);
            }
        }
    }

    /// <summary>"LLTP-CADNA-2026-000123": hyphens only, so the number is one path segment of the public URL.</summary>
    public static string FormatNumber(string authorityCode, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"LLTP-{authorityCode}-{year}-{sequence:000000}");

    private static bool IsUniqueViolation(Exception e)
    {
        for (Exception? current = e; current is not null; current = current.InnerException)
        {
            if (current is DocumentAlreadyExistsException or PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
                return true;
        }
        return false;
    }
}
