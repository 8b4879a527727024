using System.Security.Claims;
using System.Text.Json;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Domain;
using JudicialRecords.Domain.AgencyRequests;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>
/// The department asks, agencies answer (api.md "Exchange: the department asks, agencies answer").
/// Police and courts see and answer their own agency's requests only: another agency's request is 404,
/// exactly like one that does not exist. Clerks see every inbox, and the overdue list.
/// </summary>
public static class AgencyRequestEndpoints
{
    public const string AlreadyAnswered = ProblemTypes.Conflict + ":verification-request-answered";
    public const string DocumentUsed = ProblemTypes.Conflict + ":answer-document-used";
    const int DefaultLimit = 200;
    const int MaxLimit = 1000;
    const int MaxNumber = 64;

    public static IEndpointRouteBuilder MapAgencyRequestEndpoints(this IEndpointRouteBuilder app)
    {
        var requests = app.MapGroup("/api/v1/exchange/requests").WithTags("Exchange");
        requests.MapGet("", List)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Police, Roles.Court, Roles.Clerk))
            .WithSummary("Verification requests, soonest due first: an agency's own inbox (police, court) or every agency's (clerk). "
                + "status = open (default; overdue ones included), overdue, answered.");
        requests.MapPost("/{requestId:guid}/answer", Answer)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Police, Roles.Court))
            .RequireAgencyMessage()
            .Accepts<VerificationAnswerRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("The addressed agency answers noRecord, recordFound (with the convictions, served in full on completedOn) or "
                + "referToCourt (police files only), with an Idempotency-Key; a replay returns the first answer.");
        return app;
    }

    static async Task<Results<Ok<IReadOnlyList<AgencyRequestView>>, ValidationProblem, ProblemHttpResult>> List(
        string? status, int? limit, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        AgencyRequestStatus wanted = AgencyRequestStatus.Open;
        if (status is not null && !(Enum.TryParse(status, ignoreCase: true, out wanted) && Enum.IsDefined(wanted) && !int.TryParse(status, out _)))
            errors.Add("status", "One of: open, overdue, answered.");
        if (limit is < 1 or > MaxLimit) errors.Add("limit", $"1 to {MaxLimit}.");
        if (errors.Any) return errors.ToProblem();

        var staff = user.IsInRole(Roles.Clerk);
        var agency = user.Agency();
        if (!staff && string.IsNullOrEmpty(agency)) return Problems.Forbidden("An agency token carries an agency claim.");

        var now = time.GetUtcNow();
        var query = session.Query<AgencyRequestSnapshot>().Where(r => staff || r.Agency == agency);
        query = wanted switch
        {
            AgencyRequestStatus.Answered => query.Where(r => !r.Open).OrderByDescending(r => r.SentAt),
            AgencyRequestStatus.Overdue => query.Where(r => r.Open && r.DueAt <= now).OrderBy(r => r.DueAt),
            _ => query.Where(r => r.Open).OrderBy(r => r.DueAt),
        };
        var found = await query.Take(limit ?? DefaultLimit).ToListAsync(cancellationToken);
        IReadOnlyList<AgencyRequestView> views = [.. found.Select(s => View(s.State, now))];
        return TypedResults.Ok(views);
    }

    static async Task<Results<Ok<VerificationAnswerAccepted>, ValidationProblem, ProblemHttpResult>> Answer(
        Guid requestId,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http,
        IQuerySession session,
        AgencyAnswerWriter writer,
        ExchangeWriter exchange,
        AgencyNames courts,
        AgencyRequestSettings settings,
        IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        var agency = http.User.Agency();
        if (string.IsNullOrEmpty(agency)) return Problems.Forbidden("An agency token carries an agency claim.");

        if (!http.Request.HasJsonContentType()) return Problems.NotJson();
        var body = await ReadBody(http.Request, settings.MaxAnswerBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem($"An answer is at most {settings.MaxAnswerBytes} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
                title: "Payload too large.", type: ProblemTypes.PayloadTooLarge);
        VerificationAnswerRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<VerificationAnswerRequest>(body, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            return Problems.MalformedJson(e);
        }
        if (request is null) return Problems.Validation("", "The body is a JSON object.");

        // Whose request it is decides first: another agency learns nothing about it, not even what is wrong with its body.
        var snapshot = await session.LoadAsync<AgencyRequestSnapshot>(AgencyRequestSnapshot.KeyOf(requestId), cancellationToken);
        if (snapshot?.State is not { Subject: { } subject } state || state.Agency != agency) return NotFound(requestId);

        var errors = new FieldErrors();
        var answer = Validate(request, state, subject, VietnamTime.Today(time), courts, errors);
        if (answer is null) return errors.ToProblem();

        // The same answer sent again is the same JSON, however its client lays it out: hashed as read, like every agency POST.
        var hash = exchange.Hash(http.Request, request);
        return await writer.AnswerAsync(requestId, answer, new RawMessage(body, hash, AgencyMessage.Of(http)?.Signature), idempotencyKey!, http, cancellationToken);
    }

    static ValidAnswer? Validate(
        VerificationAnswerRequest r, AgencyRequest request, PersonDetails subject, DateOnly today, AgencyNames courts, FieldErrors errors)
    {
        errors.Required("outcome", r.Outcome);
        var documentNumber = errors.Text("documentNumber", r.DocumentNumber, MaxNumber, required: true);
        var documentDate = ExchangeValidation.Date(errors, "documentDate", r.DocumentDate, today);
        // The answer is a search made for this request: an older document (a reused form) would settle "found clean
        // once" (domain.md §8) for good on a search nobody made.
        if (documentDate < VietnamTime.DateOf(request.SentAt))
            errors.Add("documentDate", $"The answer is dated on or after the request was sent ({VietnamTime.DateOf(request.SentAt):yyyy-MM-dd}).");
        if (r.Outcome == VerificationOutcome.ReferToCourt && request.AgencyKind != VerificationAgencyKind.PoliceFiles)
            errors.Add("outcome", "Only the police files refer a request to the trial court.");

        var convictions = new List<(ValidJudgment, DateOnly?)>();
        var given = r.Convictions ?? [];
        if (r.Outcome == VerificationOutcome.RecordFound && given.Count == 0)
            errors.Add("convictions", "A recordFound answer lists the convictions found.");
        if (r.Outcome is VerificationOutcome.NoRecord or VerificationOutcome.ReferToCourt && given.Count > 0)
            errors.Add("convictions", "Only a recordFound answer lists convictions.");
        for (var i = 0; i < given.Count; i++)
        {
            var c = given[i];
            var path = $"convictions[{i}]";
            if (c is null) { errors.Add(path, "Required."); continue; }
            if (c.Person?.PersonalId is { } stated && stated.Trim() != subject.PersonalId)
                errors.Add($"{path}.person.personalId", "The convictions found are the asked person's: leave person out or give their personal ID.");
            // The police files name the court as written ("TAND tỉnh Đồng Nai"): recorded under its code where the directory knows
            // it, the judgment is the court's own, which its push and its quarterly reconciliation then find.
            var push = new JudgmentRequest(c.JudgmentNumber, courts.CodeOrWritten(c.Court), c.JudgmentDate, c.EffectiveDate, c.OffenceDate, c.Person ?? PersonOf(subject),
                c.Offences, c.PrincipalPenalty, c.SupplementaryPenalties, c.CourtFeeVnd, c.CivilObligations, c.ExemptedFromPunishment);
            var inner = new FieldErrors();
            var judgment = ExchangeValidation.Judgment(push, today, inner);
            errors.AddAll($"{path}.", inner);
            if (judgment is null) continue;
            var before = errors.Count;
            ExchangeValidation.CompletedOn(errors, $"{path}.completedOn", c.CompletedOn, judgment, today);
            if (errors.Count == before) convictions.Add((judgment, c.CompletedOn));
        }

        return errors.Any ? null : new ValidAnswer(r.Outcome!.Value, convictions, documentNumber!, documentDate!.Value);
    }

    static PersonRequest PersonOf(PersonDetails p) => new(
        p.PersonalId, p.FullName, p.OtherNames, p.DateOfBirth, p.Sex, p.PlaceOfBirth, p.Nationality, p.Ethnicity, p.Residence,
        p.FatherName, p.MotherName, p.SpouseName);

    /// <summary>The body as sent (signatures and evidence are about these exact bytes), or null when it is too large.</summary>
    static async Task<byte[]?> ReadBody(HttpRequest request, int max, CancellationToken cancellationToken)
    {
        if (request.ContentLength > max) return null;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > max) return null;
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    static AgencyRequestView View(AgencyRequest r, DateTimeOffset now)
    {
        var p = r.Subject!;
        return new AgencyRequestView(
            r.RequestId, r.Agency, r.AgencyKind, p.PersonalId,
            new RequestedPerson(p.FullName, p.OtherNames, p.DateOfBirth, p.Sex, p.PlaceOfBirth, p.Residence, p.FatherName, p.MotherName),
            r.ApplicationId, r.SentAt, r.AnswerDue!.DueDate, r.AnswerDue.DueAt,
            !r.IsOpen ? AgencyRequestStatus.Answered : r.IsOverdue(now) ? AgencyRequestStatus.Overdue : AgencyRequestStatus.Open,
            r.Outcome, r.AnsweredAt, r.RemindedAt, r.EscalatedAt);
    }

    public static ProblemHttpResult NotFound(Guid requestId) => Problems.NotFound($"No verification request {requestId} is addressed to you.");
}
