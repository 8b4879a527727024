using System.Security.Claims;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Concurrency;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.OpenApi;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Certificates;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JudicialRecords.Api.Features.Exchange;

/// <summary>
/// Agencies push what they decided (api.md "Exchange"). Each message is checked against the caller's
/// agency, validated as a records clerk would, and appended to the person's stream exactly once per
/// Idempotency-Key.
/// </summary>
public static class ExchangeEndpoints
{
    /// <summary>
    /// Which follow-up facts each agency role may report. Police and prisons (Công an, trại giam) certify
    /// release, probation, reductions, amnesty and commutation; civil judgment enforcement (THADS) certifies
    /// money paid. Either may certify the end of a supplementary penalty: bans and supervision are watched
    /// by the police, fines and confiscation by enforcement.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<SentenceEventType>> SentenceEventsByRole =
        new Dictionary<string, IReadOnlySet<SentenceEventType>>
        {
            [Roles.Police] = new HashSet<SentenceEventType>
            {
                SentenceEventType.PrincipalPenaltyCompleted, SentenceEventType.ProbationCompleted,
                SentenceEventType.SentenceReduced, SentenceEventType.Amnestied, SentenceEventType.DeathSentenceCommuted,
                SentenceEventType.SupplementaryPenaltyCompleted, SentenceEventType.EnforcementLimitationLapsed, SentenceEventType.SentenceExempted,
            },
            [Roles.Enforcement] = new HashSet<SentenceEventType>
            {
                SentenceEventType.FinePaid, SentenceEventType.CivilObligationsCompleted, SentenceEventType.CourtFeePaid,
                SentenceEventType.SupplementaryPenaltyCompleted, SentenceEventType.EnforcementLimitationLapsed, SentenceEventType.SentenceExempted,
            },
        };

    public static IServiceCollection AddExchange(this IServiceCollection services) =>
        services.AddScoped<ExchangeWriter>().AddSingleton<GroupCommit>().ConfigureMarten(options =>
        {
            options.Schema.For<IdempotencyRecord>();
            options.Storage.ExtendedSchemaObjects.Add(
                new Weasel.Postgresql.Sequence(new Weasel.Postgresql.PostgresqlObjectName(Infrastructure.Marten.MartenSetup.Schema, ReceiptSigner.SequenceName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General)));
        });

    public static IEndpointRouteBuilder MapExchange(this IEndpointRouteBuilder app)
    {
        // 403: another agency's judgment or role; 404: an unknown conviction or person; 409: an Idempotency-Key reused
        // with another body, or a fact already on record; 412: an If-Match naming a record version no longer current.
        var exchange = app.MapGroup("/api/v1/exchange").WithTags("Exchange").RequireAgencyMessage()
            .WithMetadata(new OptionalHeader(VersionTags.IfMatchHeader,
                "The record's version (ETag of GET /records/{personalId}) the message was decided on; stale: 412, nothing written."))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed);
        exchange.MapPost("/judgments", PostJudgment).RequireAuthorization(Roles.Court)
            .WithSummary("A court pushes a judgment that took legal effect.");
        exchange.MapPost("/sentence-events", PostSentenceEvent)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Police, Roles.Enforcement))
            .WithSummary("Police, prisons or judgment enforcement report a fact about the enforcement of a sentence.");
        exchange.MapPost("/court-decisions", PostCourtDecision).RequireAuthorization(Roles.Court)
            .WithSummary("The court that gave a judgment reports its amendment, annulment, or a decision on expungement.");
        exchange.MapPost("/bankruptcy-bans", PostBankruptcyBan).RequireAuthorization(Roles.Court)
            .WithSummary("A court reports a ban on holding a post after a bankruptcy.");
        return app;
    }

    static async Task<Results<Created<JudgmentAccepted>, ValidationProblem, ProblemHttpResult>> PostJudgment(
        JudgmentRequest request,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http, ExchangeWriter writer, TimeProvider time, CancellationToken cancellation)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        if (NoAgency(http.User) is { } noAgency) return noAgency;
        var errors = new FieldErrors();
        var judgment = ExchangeValidation.Judgment(request, VietnamTime.Today(time), errors);
        if (judgment is null) return errors.ToProblem();
        var agency = http.User.Agency()!;
        if (judgment.Court != agency)
            return Problems.Forbidden($"A court pushes its own judgments: this token is for {agency}, the judgment is of {judgment.Court}.");

        return await writer.Write<JudgmentRequest, JudgmentAccepted>(http, idempotencyKey!, request, judgment.Person.PersonalId, record =>
        {
            if (record?.FindJudgment(judgment.Court, judgment.JudgmentNumber, judgment.JudgmentDate) is { } existing)
                return DuplicateJudgment(existing.ConvictionId);

            var convictionId = Guid.CreateVersion7();
            var events = new List<object>
            {
                judgment.TookEffect(convictionId, agency),
            };
            if (NewerDetails(record, judgment.Person, request.Person!.Nationality is not null, judgment.JudgmentDate) is { } newer)
                events.Add(new PersonDetailsUpdated(agency, judgment.JudgmentNumber, judgment.JudgmentDate, judgment.EffectiveDate, newer));
            return Decision<JudgmentAccepted>.Accept(new JudgmentAccepted(judgment.Person.PersonalId, convictionId), [.. events]);
        }, cancellation);
    }

    static async Task<Results<Created<ConvictionEventAccepted>, ValidationProblem, ProblemHttpResult>> PostSentenceEvent(
        SentenceEventRequest request,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http, ExchangeWriter writer, AgencyNames courts, TimeProvider time, CancellationToken cancellation)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        if (NoAgency(http.User) is { } noAgency) return noAgency;
        var today = VietnamTime.Today(time);
        var errors = new FieldErrors();
        var (personalId, documentNumber, documentDate) = FollowUpDocument(errors, today, request.PersonalId, request.ConvictionId,
            request.JudgmentNumber, request.Court, request.Type, request.DocumentNumber, request.DocumentDate);
        var effectiveDate = ExchangeValidation.Date(errors, "effectiveDate", request.EffectiveDate, today);
        var type = request.Type;
        if (type == SentenceEventType.SupplementaryPenaltyCompleted) errors.Required("penaltyType", request.PenaltyType);
        else if (request.PenaltyType is not null) errors.Add("penaltyType", "Only for supplementaryPenaltyCompleted.");
        if (type == SentenceEventType.SentenceReduced && request.ReducedByMonths is not > 0)
            errors.Add("reducedByMonths", "A reduction needs reducedByMonths greater than 0.");
        if (type != SentenceEventType.SentenceReduced && request.ReducedByMonths is not null)
            errors.Add("reducedByMonths", "Only for sentenceReduced.");
        if (type is not (SentenceEventType.FinePaid or SentenceEventType.CourtFeePaid) && request.AmountVnd is not null)
            errors.Add("amountVnd", "Only for finePaid and courtFeePaid.");
        if (request.AmountVnd is < 0) errors.Add("amountVnd", "Must be zero or more.");
        if (errors.Any) return errors.ToProblem();

        var allowed = SentenceEventsByRole.Where(r => http.User.IsInRole(r.Key)).SelectMany(r => r.Value);
        if (!allowed.Contains(type!.Value))
            return Problems.Forbidden($"A {http.User.FindFirstValue("role")} agency may not report {Camel(type.Value)}.");
        var agency = http.User.Agency()!;

        return await writer.Write<SentenceEventRequest, ConvictionEventAccepted>(http, idempotencyKey!, request, personalId!, record =>
        {
            if (FindConviction(record, request.ConvictionId, request.JudgmentNumber, request.Court, courts) is not { } conviction)
                return UnknownConviction();
            if (conviction.AnnulledOn is not null)
                return Problems.Conflict("The judgment was annulled: nothing more can be recorded about it.");
            if (effectiveDate < conviction.JudgmentDate)
                return Problems.Validation("effectiveDate", $"Must not be before the judgment date {conviction.JudgmentDate:yyyy-MM-dd}.");
            // Reductions add up: the same decision sent again under another key (a replayed message) must not count twice.
            if (type == SentenceEventType.SentenceReduced && conviction.SentenceReductions.Any(r => r.DocumentNumber == documentNumber))
                return Problems.Conflict($"Reduction {documentNumber} is already recorded for this judgment.", ProblemTypes.DuplicateDecision);

            var terms = conviction.TermsAsOf(effectiveDate!.Value);
            var principal = terms.PrincipalPenalty;
            if (Underpaid(type!.Value, request.AmountVnd, principal, conviction) is { } underpaid) return underpaid;
            var id = conviction.ConvictionId;
            var (n, d, e) = (documentNumber!, documentDate!.Value, effectiveDate.Value);
            object? fact = type switch
            {
                SentenceEventType.PrincipalPenaltyCompleted when principal is { Type: not (PrincipalPenaltyType.Warning or PrincipalPenaltyType.Fine), Suspended: false }
                    => new PrincipalPenaltyCompleted(id, agency, n, d, e),
                SentenceEventType.ProbationCompleted when principal is { Suspended: true } => new ProbationCompleted(id, agency, n, d, e),
                SentenceEventType.SupplementaryPenaltyCompleted when terms.SupplementaryPenalties.Any(s => s.Type == request.PenaltyType)
                    => new SupplementaryPenaltyCompleted(id, agency, n, d, e, request.PenaltyType!.Value),
                SentenceEventType.SupplementaryPenaltyCompleted
                    => Problems.Validation("penaltyType", "The judgment imposes no such supplementary penalty."),
                SentenceEventType.FinePaid when principal?.Type == PrincipalPenaltyType.Fine || terms.SupplementaryPenalties.Any(s => s.Type == SupplementaryPenaltyType.Fine)
                    => new FinePaid(id, agency, n, d, e, request.AmountVnd ?? principal?.FineVnd ?? 0),
                SentenceEventType.CivilObligationsCompleted when conviction.CivilObligations.Count > 0 => new CivilObligationsCompleted(id, agency, n, d, e),
                SentenceEventType.CourtFeePaid when conviction.CourtFeeVnd > 0 => new CourtFeePaid(id, agency, n, d, e, request.AmountVnd ?? conviction.CourtFeeVnd),
                SentenceEventType.SentenceReduced when principal?.Type is PrincipalPenaltyType.Imprisonment or PrincipalPenaltyType.Life or PrincipalPenaltyType.NonCustodialReform
                    => new SentenceReduced(id, agency, n, d, e, request.ReducedByMonths!.Value),
                SentenceEventType.Amnestied when principal is not null && principal.Type != PrincipalPenaltyType.Warning => new Amnestied(id, agency, n, d, e),
                SentenceEventType.SentenceExempted when principal is not null && principal.Type != PrincipalPenaltyType.Warning
                    => new SentenceExempted(id, agency, n, d, e),
                SentenceEventType.DeathSentenceCommuted when principal?.Type == PrincipalPenaltyType.Death => new DeathSentenceCommuted(id, agency, n, d, e),
                SentenceEventType.EnforcementLimitationLapsed when principal is not null
                    && EnforcementLimitation.EarliestLapse(principal, conviction.EffectiveDate) is { } earliest
                    => Lapsed(conviction, principal, earliest, new EnforcementLimitationLapsed(id, agency, n, d, e)),
                _ => null,
            };
            return fact switch
            {
                ValidationProblem invalid => invalid,
                ProblemHttpResult problem => problem,
                null => Problems.Validation("type", $"{Camel(type!.Value)} does not apply to this judgment's penalties."),
                _ => Decision<ConvictionEventAccepted>.Accept(new ConvictionEventAccepted(personalId!, id, Camel(type!.Value)), fact),
            };
        }, cancellation);
    }

    /// <summary>The lapse, or why it cannot be: the limit had not run out on that day, or the penalty is recorded as served.</summary>
    static object Lapsed(Conviction conviction, PrincipalPenalty principal, DateOnly earliest, EnforcementLimitationLapsed lapse)
    {
        if (conviction.PrincipalServedOn(principal) is { } on)
            return Problems.Conflict($"The principal penalty is recorded as served on {on:yyyy-MM-dd}: its enforcement did not lapse.");
        if (lapse.EffectiveDate < earliest)
            return Problems.Validation("effectiveDate",
                $"The time limit for enforcing this penalty (Penal Code Art. 60) runs until {earliest:yyyy-MM-dd}, not before.");
        return lapse;
    }

    /// <summary>
    /// finePaid and courtFeePaid report a sum paid in full (the enforcement office's certificate that it is done), which is what
    /// lets the expungement period run; an amount below what the judgment orders is an instalment, and taking it as payment
    /// in full would expunge a record too early. The supplementary fine's sum is not in the judgment's fields: any amount goes.
    /// </summary>
    static ValidationProblem? Underpaid(SentenceEventType type, long? paid, PrincipalPenalty? principal, Conviction conviction)
    {
        var ordered = type switch
        {
            SentenceEventType.FinePaid when principal is { Type: PrincipalPenaltyType.Fine, FineVnd: { } fine } => fine,
            SentenceEventType.CourtFeePaid => conviction.CourtFeeVnd,
            _ => 0,
        };
        return paid < ordered
            ? Problems.Validation("amountVnd",
                $"{Camel(type)} reports the sum paid in full: the judgment orders {ordered} VND. Report it once the whole sum is paid.")
            : null;
    }

    static async Task<Results<Created<ConvictionEventAccepted>, ValidationProblem, ProblemHttpResult>> PostCourtDecision(
        CourtDecisionRequest request,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http, ExchangeWriter writer, AgencyNames courts, TimeProvider time, CancellationToken cancellation)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        if (NoAgency(http.User) is { } noAgency) return noAgency;
        var today = VietnamTime.Today(time);
        var errors = new FieldErrors();
        var (personalId, documentNumber, documentDate) = FollowUpDocument(errors, today, request.PersonalId, request.ConvictionId,
            request.JudgmentNumber, request.Court, request.Type, request.DocumentNumber, request.DocumentDate);
        var effectiveDate = request.EffectiveDate is null ? documentDate : ExchangeValidation.Date(errors, "effectiveDate", request.EffectiveDate, today);
        var type = request.Type;
        var amends = request.Offences is not null || request.PrincipalPenalty is not null || request.SupplementaryPenalties is not null
            || request.ExemptedFromPunishment is true;
        if (type == CourtDecisionType.JudgmentAmended && !amends)
            errors.Add("principalPenalty",
                "An amendment states at least one of offences, principalPenalty, supplementaryPenalties, exemptedFromPunishment.");
        if (type != CourtDecisionType.JudgmentAmended && amends)
            errors.Add("type", "Only judgmentAmended changes offences or penalties.");
        var expungement = type is CourtDecisionType.ExpungementGranted or CourtDecisionType.ExpungementRefused;
        if (!expungement && request.Basis is not null) errors.Add("basis", "Only for expungement decisions.");
        var reason = errors.Text("reason", request.Reason, 500, required: type == CourtDecisionType.ExpungementRefused);
        if (errors.Any) return errors.ToProblem();
        var agency = http.User.Agency()!;

        return await writer.Write<CourtDecisionRequest, ConvictionEventAccepted>(http, idempotencyKey!, request, personalId!, record =>
        {
            if (FindConviction(record, request.ConvictionId, request.JudgmentNumber, request.Court, courts) is not { } conviction)
                return UnknownConviction();
            // Cassation and re-trial are decided by a higher court than the one that gave the judgment, so any court may amend
            // or annul it (the deciding court is kept as the source agency); expungement is decided by the trial court.
            if (expungement && courts.CodeOrWritten(conviction.Court) != agency)
                return Problems.Forbidden($"Only the court that gave the judgment ({conviction.Court}) decides on its expungement; this token is for {agency}.");
            if (conviction.AnnulledOn is not null)
                return Problems.Conflict("The judgment was already annulled.");
            if (effectiveDate < conviction.JudgmentDate)
                return Problems.Validation(request.EffectiveDate is null ? "documentDate" : "effectiveDate",
                    $"Must not be before the judgment date {conviction.JudgmentDate:yyyy-MM-dd}.");
            if (conviction.Amendments.Any(a => a.DocumentNumber == documentNumber) || conviction.CourtDecisions.Any(c => c.DocumentNumber == documentNumber))
                return Problems.Conflict($"Decision {documentNumber} is already recorded for this judgment.", ProblemTypes.DuplicateDecision);

            var id = conviction.ConvictionId;
            var (n, d, e) = (documentNumber!, documentDate!.Value, effectiveDate!.Value);
            // Left out, the basis follows from the offences: Art. 71 where only a court expunges, else special expungement (Art. 72).
            var basis = request.Basis ?? (conviction.ExpungedOnlyByCourt(conviction.TermsAsOf(e))
                ? CourtExpungementBasis.Article71 : CourtExpungementBasis.Article72);
            object fact;
            switch (type)
            {
                case CourtDecisionType.JudgmentAmended:
                    var amendErrors = new FieldErrors();
                    var terms = ExchangeValidation.Terms(amendErrors, "", request.Offences, request.PrincipalPenalty, request.SupplementaryPenalties,
                        conviction.OffenceDate, previous: conviction.TermsAsOf(DateOnly.MaxValue), request.ExemptedFromPunishment ?? false);
                    if (terms is null) return amendErrors.ToProblem();
                    fact = new JudgmentAmended(id, agency, n, d, e, terms);
                    break;
                case CourtDecisionType.JudgmentAnnulled:
                    fact = new JudgmentAnnulled(id, agency, n, d, e);
                    break;
                case CourtDecisionType.ExpungementGranted:
                    fact = new ExpungementGranted(id, agency, n, d, e, basis);
                    break;
                default:
                    fact = new ExpungementRefused(id, agency, n, d, e, basis, reason!);
                    break;
            }
            return Decision<ConvictionEventAccepted>.Accept(new ConvictionEventAccepted(personalId!, id, Camel(type!.Value)), fact);
        }, cancellation);
    }

    /// <summary>Law on Bankruptcy 2014 Art. 130: a ban of up to three years.</summary>
    const int MaxBanMonths = 36;
    const int MaxBanStartYears = 5;

    static async Task<Results<Created<BankruptcyBanAccepted>, ValidationProblem, ProblemHttpResult>> PostBankruptcyBan(
        BankruptcyBanRequest request,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http, ExchangeWriter writer, TimeProvider time, CancellationToken cancellation)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        if (NoAgency(http.User) is { } noAgency) return noAgency;
        var today = VietnamTime.Today(time);
        var errors = new FieldErrors();
        var personalId = ExchangeValidation.PersonalIdOnly(errors, "personalId", request.PersonalId);
        var decisionNumber = errors.Text("decisionNumber", request.DecisionNumber, 64, required: true);
        var decisionDate = ExchangeValidation.Date(errors, "decisionDate", request.DecisionDate, today);
        var court = errors.Text("court", request.Court, 64, required: true);
        var post = errors.Text("post", request.Post, 500, required: true);
        if (errors.Required("startDate", request.StartDate) && request.StartDate < decisionDate)
            errors.Add("startDate", "A ban starts on or after the date of the decision imposing it.");
        // The ban runs from the bankruptcy declaration (Law on Bankruptcy 2014 Art. 130), so it starts soon after the
        // decision; a start centuries ahead is a typing error (and 9999-12-01 plus the term is no date at all).
        else if (request.StartDate > decisionDate?.AddYears(MaxBanStartYears))
            errors.Add("startDate", $"A ban starts within {MaxBanStartYears} years of the decision imposing it.");
        if (request.Months is not (>= 1 and <= MaxBanMonths))
            errors.Add("months", $"A ban lasts 1 to {MaxBanMonths} months (Law on Bankruptcy 2014 Art. 130).");
        var person = ExchangeValidation.Person(errors, "person", request.Person, today, required: false);
        if (person is not null && personalId is not null && person.PersonalId != personalId)
            errors.Add("person.personalId", "Must equal personalId.");
        if (errors.Any) return errors.ToProblem();
        var agency = http.User.Agency()!;
        if (court != agency)
            return Problems.Forbidden($"A court reports its own decisions: this token is for {agency}, the decision is of {court}.");

        return await writer.Write<BankruptcyBanRequest, BankruptcyBanAccepted>(http, idempotencyKey!, request, personalId!, record =>
        {
            if (record?.BankruptcyBans.Find(b => b.Court == court && b.DecisionNumber == decisionNumber) is { } existing)
                return Problems.Conflict($"Decision {decisionNumber} of {court} is already recorded (ban {existing.BanId}).", ProblemTypes.DuplicateDecision);
            var banId = Guid.CreateVersion7();
            var events = new List<object>();
            if (person is not null && (record?.Person is null ? person : NewerDetails(record, person, request.Person!.Nationality is not null, decisionDate!.Value))
                is { } newer)
                events.Add(new PersonDetailsUpdated(agency, decisionNumber!, decisionDate!.Value, decisionDate.Value, newer));
            events.Add(new BankruptcyBanImposed(banId, agency, decisionNumber!, decisionDate!.Value, request.StartDate!.Value,
                court!, post!, request.StartDate.Value, request.Months!.Value));
            return Decision<BankruptcyBanAccepted>.Accept(new BankruptcyBanAccepted(personalId!, banId), [.. events]);
        }, cancellation);
    }

    /// <summary>403 for an agency role without an agency claim: every agency message is checked against that claim.</summary>
    public static ProblemHttpResult? NoAgency(ClaimsPrincipal user) =>
        string.IsNullOrEmpty(user.Agency()) ? Problems.Forbidden("An agency token carries an agency claim.") : null;

    /// <summary>What every follow-up document about a conviction states: whose, which conviction, what kind, which document.</summary>
    static (string? PersonalId, string? DocumentNumber, DateOnly? DocumentDate) FollowUpDocument(FieldErrors errors, DateOnly today,
        string? personalId, Guid? convictionId, string? judgmentNumber, string? court, object? type, string? documentNumber, DateOnly? documentDate)
    {
        var id = ExchangeValidation.PersonalIdOnly(errors, "personalId", personalId);
        ConvictionReference(errors, convictionId, judgmentNumber, court);
        errors.Required("type", type);
        return (id, errors.Text("documentNumber", documentNumber, 64, required: true),
            ExchangeValidation.Date(errors, "documentDate", documentDate, today));
    }

    static void ConvictionReference(FieldErrors errors, Guid? convictionId, string? judgmentNumber, string? court)
    {
        if (convictionId is not null) return;
        if (string.IsNullOrWhiteSpace(judgmentNumber))
            errors.Add("judgmentNumber", "Name the conviction by convictionId, or by judgmentNumber and court.");
        if (string.IsNullOrWhiteSpace(court))
            errors.Add("court", "Name the conviction by convictionId, or by judgmentNumber and court.");
    }

    /// <summary>
    /// The conviction named by id, or by judgment number and court. A judgment recorded from an old file under the court's name
    /// as written ("TAND tỉnh Đồng Nai") is the court's own: its code names it too.
    /// </summary>
    static Conviction? FindConviction(CriminalRecord? record, Guid? convictionId, string? judgmentNumber, string? court, AgencyNames courts) =>
        convictionId is { } id
            ? record?.FindConviction(id)
            : record?.FindJudgment(court!, judgmentNumber!, courtOf: text => courts.CodeOrWritten(text)!);

    static ProblemHttpResult UnknownConviction() =>
        Problems.NotFound("The person's record holds no such conviction.");

    static ProblemHttpResult DuplicateJudgment(Guid convictionId) =>
        TypedResults.Problem(
            "This judgment is already recorded for this person (possibly under another Idempotency-Key).",
            statusCode: StatusCodes.Status409Conflict, title: "Conflict.", type: ProblemTypes.DuplicateJudgment,
            extensions: new Dictionary<string, object?> { ["convictionId"] = convictionId });

    /// <summary>New identity data from a document at least as recent as the one the record holds.</summary>
    /// <summary>
    /// The record's identity as a message of <paramref name="documentDate"/> updates it (<see cref="PersonDetails.Over"/>), or null
    /// when the record holds no identity yet, holds one from a later document, or the message changes nothing.
    /// </summary>
    static PersonDetails? NewerDetails(CriminalRecord? record, PersonDetails incoming, bool nationalityStated, DateOnly documentDate)
    {
        if (record?.Person is not { } current || documentDate < record.PersonDetailsAsOf) return null;
        var updated = incoming.Over(current, nationalityStated);
        return SamePerson(current, updated) ? null : updated;
    }

    static bool SamePerson(PersonDetails a, PersonDetails b) =>
        a with { OtherNames = [] } == b with { OtherNames = [] } && a.OtherNames.SequenceEqual(b.OtherNames);

    static string Camel<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        var name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }
}
