using System.Globalization;
using System.Security.Cryptography;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Documents.Rendering;
using JudicialRecords.Documents.Signing;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Records;
using Marten;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// Issues a certificate: reads the person's record as of today in Vietnam, words it, renders, signs,
/// numbers and registers it. What the applications feature calls (from its Hangfire job).
/// </summary>
public sealed class CertificateIssuer(
    IDocumentStore store,
    CertificateRegistry registry,
    CertificateNumbers numbers,
    CertificatePdfs pdfs,
    IssuingAuthorities authorities,
    CertificateOptions options,
    AgencyNames agencies,
    ICertificateRenderer renderer,
    CertificateSigners signers,
    TimeProvider clock,
    ILogger<CertificateIssuer> logger)
{
    /// <summary>
    /// Issues the certificate, or for an application that already has one, returns that one.
    /// </summary>
    /// <param name="personalId">The person's record stream key: the 12-digit personal ID, or a foreigner's passport number.</param>
    /// <param name="request">What was asked; its person is printed when there is no record.</param>
    /// <param name="alongside">
    /// What else to write in the transaction that registers a new certificate (the application recording it): both or
    /// neither. Not called when an existing certificate is returned.
    /// </param>
    public async Task<CertificateRecord> IssueAsync(string personalId, CertificateRequest request, Guid? applicationId, CancellationToken cancellationToken,
        Action<IDocumentSession, CertificateRecord>? alongside = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(personalId);
        if (request.Person.PersonalId != personalId)
            throw new ArgumentException("The request is about another person than the record asked for.", nameof(request)); // no IDs: it may be logged

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
            record = await reading.LoadRecordAsync(personalId, cancellationToken);
        }
        var content = CertificateContent.Build(record, request, authority, today, agencies);

        var number = FormatNumber(authority.Code, today.Year, await numbers.NextAsync(authority.Code, today.Year, cancellationToken));
        var pdf = await signers.For(authority).SignAsync(
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
            Length = pdf.Length,
            Status = CertificateStatus.Valid,
        };

        await using var session = store.LightweightSession();
        session.Insert(certificate);
        pdfs.Add(session, number, pdf);
        alongside?.Invoke(session, certificate);
        try
        {
            await session.SaveChangesAsync(cancellationToken);
            pdfs.Issued(number, pdf);
            return certificate;
        }
        catch (Exception e) when (Races.Lost(e) && applicationId is not null)
        {
            // Another run issued for this application meanwhile: the unique index on ApplicationId, or what was written
            // alongside (the application's stream, which that run appended to first). Its certificate stands, and our
            // number and whatever was written alongside are rolled back.
            if (await registry.FindByApplicationAsync(applicationId.Value, cancellationToken) is not { } issued) throw;
            logger.LogInformation("Application {ApplicationId} was issued concurrently as {Number}.", applicationId, issued.Number);
            return issued;
        }
    }

    /// <summary>"LLTP-CADNA-2026-000123": hyphens only, so the number is one path segment of the public URL.</summary>
    public static string FormatNumber(string authorityCode, int year, long sequence) =>
        string.Create(CultureInfo.InvariantCulture, $"LLTP-{authorityCode}-{year}-{sequence:000000}");
}
