using System.Security.Claims;
using System.Text.Json;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.LegacyImport;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain;
using JudicialRecords.Domain.AgencyRequests;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>An answer that passed validation: each found conviction as a valid judgment plus when it was served in full.</summary>
public sealed record ValidAnswer(
    VerificationOutcome Outcome,
    IReadOnlyList<(ValidJudgment Judgment, DateOnly? CompletedOn)> Convictions,
    string DocumentNumber,
    DateOnly DocumentDate);

/// <summary>The raw message as received: its body, the hash the idempotency record keeps (of the request as read), and its signature if any.</summary>
public sealed record RawMessage(byte[] Body, string RequestHash, string? Signature)
{
    /// <summary>SHA-256 (hex) of the body bytes alone, what a receipt states.</summary>
    public string BodySha256 => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Body));

    /// <summary>
    /// The hash answers were kept under before 2026-11-27 (method, path and the body's bytes): an answer accepted then and
    /// sent again byte for byte is still a replay.
    /// </summary>
    public string BytesHash(HttpRequest http) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(
        [.. System.Text.Encoding.UTF8.GetBytes($"{http.Method} {http.Path}\n"), .. Body]));
}

/// <summary>
/// Records an agency's answer in one transaction: the answer on the request's stream, the convictions
/// found on the person's stream (source = the answering agency), the answer on the application with
/// what follows (a request to the trial court, or the service's approval), the "checked" mark, the raw
/// message as evidence and the idempotency record. A replay of the key returns the stored answer, so an
/// acknowledged answer is never lost nor applied twice.
/// </summary>
public sealed class AgencyAnswerWriter(
    IDocumentStore store,
    AgencyRequestSettings settings,
    ApplicationSettings applications,
    IssuanceQueue issuance,
    IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    TimeProvider time,
    ReceiptSigner receipts,
    ILogger<AgencyAnswerWriter> logger)
{
    const int Attempts = 10;

    public async Task<Results<Ok<VerificationAnswerAccepted>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Guid requestId, ValidAnswer answer, RawMessage raw, string key, HttpContext http, CancellationToken cancellation)
    {
        var user = http.User;
        var agency = user.Agency()!;
        var id = IdempotencyRecord.IdFor(agency, key);
        var by = new Actor(agency, user.FindFirstValue("role") ?? "agency");

        for (var attempt = 1; ; attempt++)
        {
            await using var session = store.LightweightSession();
            session.SetHeader("role", by.Role);
            session.SetHeader("agency", agency);
            session.CorrelationId = http.TraceIdentifier;
            session.CausationId = id;

            var batch = session.CreateBatchQuery();
            var fetchingRequest = batch.Events.FetchForWriting<AgencyRequestSnapshot>(AgencyRequestSnapshot.KeyOf(requestId));
            var loading = batch.Load<IdempotencyRecord>(id);
            var document = batch.Load<AnswerDocument>(AnswerDocument.IdFor(agency, answer.DocumentNumber));
            await batch.Execute(cancellation);
            if (await loading is { } stored) return Replay(http, stored, raw);
            if (await document is { } used && used.RequestId != requestId)
                return Problems.Conflict(
                    $"Document {answer.DocumentNumber} of {agency} already answers request {used.RequestId}: each answer is a document of its own.",
                    AgencyRequestEndpoints.DocumentUsed);
            var requestStream = await fetchingRequest;
            if (requestStream.Aggregate?.State is not { } request || request.Agency != agency) return AgencyRequestEndpoints.NotFound(requestId);
            if (!request.IsOpen)
                return Problems.Conflict(
                    $"Request {requestId} was already answered ({request.Outcome}) at {request.AnsweredAt:O}.", AgencyRequestEndpoints.AlreadyAnswered);

            var now = time.GetUtcNow();
            var subject = request.Subject!;
            var applicationStream = await session.Events.FetchForWriting<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(request.ApplicationId), cancellation);
            if (applicationStream.Aggregate?.State is not { } current) return AgencyRequestEndpoints.NotFound(requestId);
            var application = current.Clone();

            // The convictions found go to the person's record, once each. A judgment already on record is left alone, but for
            // its completion when the record had none: asking about a penalty whose completion was never reported is how
            // an expungement gets verified (InstantIssuance.Unclear).
            var recordStream = await session.Events.FetchForWriting<CriminalRecord>(subject.PersonalId, cancellation);
            var onFile = await session.RecordOfAsync(recordStream, subject.PersonalId, cancellation);
            var recordEvents = new List<IRecordEvent>();
            var convictionIds = new List<Guid>();
            foreach (var (judgment, completedOn) in answer.Convictions)
            {
                var convictionId = judgment.FilesConvictionId;
                if (onFile is { } held
                    && held.FindOnRecord(convictionId, judgment.Court, judgment.JudgmentNumber, judgment.JudgmentDate) is { } onRecord)
                {
                    // Only the facts the record lacks: a release reported with the court fee never paid still gets the fee's.
                    if (completedOn is { } done)
                        recordEvents.AddRange(CompletedJudgment.FollowUps(onRecord, done, agency, answer.DocumentNumber, answer.DocumentDate));
                    continue;
                }
                if (convictionIds.Contains(convictionId)) continue;
                var took = judgment.TookEffect(convictionId, agency);
                recordEvents.Add(took);
                if (completedOn is { } completed)
                    recordEvents.AddRange(CompletedJudgment.FollowUps(took, completed, agency, answer.DocumentNumber, answer.DocumentDate));
                convictionIds.Add(convictionId);
            }

            var record = After(onFile, subject.PersonalId, recordEvents);
            var applicationEvents = new List<IApplicationEvent>();
            bool Take(Decision decision)
            {
                if (!decision.IsSuccess) return false;
                application.Fold(decision.Events);
                applicationEvents.AddRange(decision.Events);
                return true;
            }

            // A certificate approved without this answer may not state the person's record: the answer records that as well.
            var form = CertificateForms.Of(application.FormType);
            var printedOn = VietnamTime.DateOf(application.IssuedAt ?? now);
            Guid[] printed = record is null ? [] : [.. convictionIds.Where(c =>
                record.FindConviction(c) is { } found && CertificateContent.Prints(form, record.ExpungementAsOf(found, printedOn).Status))];
            var answered = ApplicationWorkflow.RecordVerificationAnswer(
                application, requestId, answer.Outcome, answer.DocumentNumber, by, now, printed, answer.DocumentDate);
            if (!answered.IsSuccess)
                return Problems.Conflict(answered.Error!.Detail, $"{ProblemTypes.Conflict}:{answered.Error.Code}");
            Take(answered);

            Guid? courtRequestId = null;
            if (answer.Outcome == VerificationOutcome.ReferToCourt)
            {
                var courtRequest = Guid.CreateVersion7();
                if (Take(ApplicationWorkflow.RequestVerification(
                        application, courtRequest, settings.CourtAgency, VerificationAgencyKind.Court, Actor.System, now, applications.Policy)))
                {
                    VerificationPlanner.Send(session, applicationEvents.OfType<VerificationRequested>().Last(), subject);
                    courtRequestId = courtRequest;
                }
            }
            else
            {
                session.Store(new PoliceFilesChecked
                {
                    Id = subject.PersonalId, Agency = agency, RequestId = requestId, Outcome = answer.Outcome,
                    DocumentNumber = answer.DocumentNumber, DocumentDate = answer.DocumentDate, CheckedAt = now,
                });
                if (application.Status == ApplicationStatus.AwaitingDecision)
                {
                    var clear = InstantIssuance.IsUnambiguous(record, VietnamTime.DateOf(now), application.FormType) && application.Complexity == Complexity.None;
                    Take(ApplicationWorkflow.ApproveAfterVerification(application, clear, applications.InstantIssuance, now));
                }
            }

            if (recordEvents.Count > 0)
            {
                session.AppendRecord(recordStream, subject.PersonalId, onFile, recordEvents);
            }
            applicationStream.AppendMany([.. applicationEvents]);
            var bodySha256 = AgencyMessage.Of(http)?.Sha256 ?? raw.BodySha256;
            requestStream.AppendOne(new AgencyRequestAnswered(
                requestId, answer.Outcome, answer.DocumentNumber, answer.DocumentDate, convictionIds, agency, bodySha256, now));

            var receipt = await receipts.IssueAsync(session, agency, key, http.Request.Path, bodySha256, now, cancellation);
            var response = new VerificationAnswerAccepted(requestId, request.ApplicationId, answer.Outcome, convictionIds, courtRequestId, application.Status);
            session.Store(new AgencyMessageEvidence
            {
                Id = id, Agency = agency, Path = http.Request.Path, Body = raw.Body, Sha256 = bodySha256, Signature = raw.Signature, ReceivedAt = now,
            });
            session.Insert(new AnswerDocument { Id = AnswerDocument.IdFor(agency, answer.DocumentNumber), RequestId = requestId });
            session.Insert(new IdempotencyRecord
            {
                Id = id, Agency = agency, Key = key, RequestHash = raw.RequestHash, StatusCode = StatusCodes.Status200OK,
                ResponseBody = JsonSerializer.Serialize(response, json.Value.SerializerOptions), RecordedAt = now, Receipt = receipt,
            });

            try
            {
                await session.SaveChangesAsync(cancellation);
            }
            catch (Exception e) when (Races.Lost(e))
            {
                // Another delivery of this key, or another change to the application or the record, came first: decide again.
                if (attempt >= Attempts) return Problems.RacesLost();
                continue;
            }

            if (application.Status == ApplicationStatus.Approved) issuance.Issue(request.ApplicationId);
            if (applicationEvents.OfType<CertificateContradicted>().Any())
                logger.LogWarning(
                    "Application {ApplicationId} was approved without this answer, which recorded {Count} conviction(s) its certificate prints: "
                    + "flagged for an approver.",
                    request.ApplicationId, printed.Length);
            ReceiptSigner.Attach(http, receipt);
            return TypedResults.Ok(response);
        }
    }

    /// <summary>The record as it will be once the found convictions are appended, without touching the fetched instance.</summary>
    CriminalRecord? After(CriminalRecord? record, string personalId, IReadOnlyList<IRecordEvent> events)
    {
        if (events.Count == 0) return record;
        if (record is null) return CriminalRecord.Replay(personalId, events);
        var serializer = store.Options.Serializer();
        var copy = serializer.FromJson<CriminalRecord>(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(serializer.ToJson(record))));
        foreach (var e in events) copy.Apply(e);
        return copy;
    }

    Results<Ok<VerificationAnswerAccepted>, ValidationProblem, ProblemHttpResult> Replay(HttpContext http, IdempotencyRecord stored, RawMessage raw)
    {
        if (stored.RequestHash != raw.RequestHash && stored.RequestHash != raw.BytesHash(http.Request))
            return Problems.Conflict(
                $"The Idempotency-Key was already used at {stored.RecordedAt:O} with a different request.", ProblemTypes.IdempotencyConflict);
        ReceiptSigner.Attach(http, stored.Receipt);
        return TypedResults.Ok(JsonSerializer.Deserialize<VerificationAnswerAccepted>(stored.ResponseBody, json.Value.SerializerOptions)!);
    }
}
