using System.Security.Claims;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Reconciliation;
using Marten;
using Marten.Schema;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JudicialRecords.Api.Features.Reconciliation;

/// <summary>
/// A reconciliation as evidence: what the court was answered (<see cref="Result"/>, with who posted it and when),
/// the message it answered (<see cref="MessageId"/>, the key of its idempotency record and raw-body evidence) and the
/// request's trace id.
/// </summary>
public sealed class ReconciliationRecord
{
    public Guid Id { get; set; }

    public string MessageId { get; set; } = "";

    public string TraceId { get; set; } = "";

    public ReconciliationView Result { get; set; } = new();
}

/// <summary>A reconciliation request that passed validation.</summary>
public sealed record ValidReconciliation(string Court, Period Period, IReadOnlyList<ListedJudgment> Judgments);

/// <summary>
/// Reconciliation between the department and each court (domain.md §5, every quarter): a court posts its judgments
/// of a period and gets back what either side is missing; clerks read a quarterly report per court.
/// </summary>
public static class ReconciliationEndpoints
{
    /// <summary>
    /// Judgments one list may hold: a quarter of a large province's courts with room to spare, and within the 4 MiB
    /// an agency message may have (about 95 bytes an entry).
    /// </summary>
    public const int MaxJudgments = 20_000;

    /// <summary>The longest period one reconciliation may cover: a year, so that a court can catch up on several quarters.</summary>
    public const int MaxPeriodDays = 366;

    const int MaxNumber = 64;

    /// <summary>The index table is <c>jr.mt_doc_judgment_index</c>; the quarterly report groups it by court in SQL.</summary>
    const string JudgmentIndexAlias = "judgment_index";

    public static IServiceCollection AddReconciliation(this IServiceCollection services) =>
        services.AddSingleton<IInitialData, BackfillJudgmentIndex>().ConfigureMarten(options =>
        {
            options.Projections.Add(new JudgmentIndexProjection(), JasperFx.Events.Projections.ProjectionLifecycle.Inline);
            options.Schema.For<JudgmentIndexEntry>().DocumentAlias(JudgmentIndexAlias)
                .Duplicate(e => e.Court).Duplicate(e => e.JudgmentDate).Duplicate(e => e.JudgmentNumber);
            options.Schema.For<ReconciliationRecord>();
        });

    public static IEndpointRouteBuilder MapReconciliation(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/exchange/reconciliation").WithTags("Reconciliation");
        group.MapPost("", Post).RequireAuthorization(Roles.Court).RequireAgencyMessage()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("A court posts its judgments of a period (one entry per convicted person) with an Idempotency-Key and gets back "
                + "what the department is missing, what the court did not list, and what differs; the result is stored.");
        group.MapGet("/{reconciliationId:guid}", Get)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Court, Roles.Clerk, Roles.Approver))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("A stored reconciliation: for the court that posted it, and for clerks and approvers.");
        group.MapGet("/report", Report)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Clerk, Roles.Approver))
            .WithSummary("Quarterly report (quarter = YYYY-Qn): per court with judgments of the quarter or a reconciliation touching it, "
                + "the judgments held, whether the quarter is reconciled, and the last reconciliation's counts.");
        return app;
    }

    static async Task<Results<Created<ReconciliationView>, ValidationProblem, ProblemHttpResult>> Post(
        ReconciliationRequest request,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http, ExchangeWriter writer, TimeProvider time, CancellationToken cancellation)
    {
        if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
        if (ExchangeEndpoints.NoAgency(http.User) is { } noAgency) return noAgency;
        var agency = http.User.Agency()!;
        var errors = new FieldErrors();
        var valid = Validate(request, VietnamTime.Today(time), errors);
        if (valid is null) return errors.ToProblem();
        if (valid.Court != agency)
            return Problems.Forbidden($"A court reconciles its own judgments: this token is for {agency}, the list is of {valid.Court}.");

        return await writer.WriteOnce<ReconciliationRequest, ReconciliationView>(http, idempotencyKey!, request,
            view => $"/api/v1/exchange/reconciliation/{view.ReconciliationId}",
            async (session, messageId) =>
            {
                if (await session.LoadAsync<IdempotencyRecord>(messageId, cancellation) is { } stored) return stored;
                var result = JudgmentReconciliation.Compare(valid.Period, valid.Judgments, await Held(session, valid, cancellation));
                var view = new ReconciliationView
                {
                    ReconciliationId = Guid.CreateVersion7(), Court = valid.Court, From = valid.Period.From, To = valid.Period.To,
                    PostedAt = time.GetUtcNow(), PostedBy = agency, Counts = ReconciliationCounts.Of(result),
                    MissingHere = result.MissingHere, MissingAtCourt = result.MissingAtCourt, Mismatched = result.Mismatched, Annulled = result.Annulled,
                };
                session.Store(new ReconciliationRecord { Id = view.ReconciliationId, MessageId = messageId, TraceId = http.TraceIdentifier, Result = view });
                return Decision<ReconciliationView>.Accept(view);
            }, cancellation);
    }

    /// <summary>
    /// What the department holds of the court: every conviction with a judgment date in the period, and those of a
    /// listed judgment number the period query did not find for that person (held under another date).
    /// </summary>
    static async Task<List<HeldJudgment>> Held(IQuerySession session, ValidReconciliation valid, CancellationToken cancellation)
    {
        var (court, from, to) = (valid.Court, valid.Period.From, valid.Period.To);
        var inPeriod = await session.Query<JudgmentIndexEntry>()
            .Where(e => e.Court == court && e.JudgmentDate >= from && e.JudgmentDate <= to)
            .ToListAsync(cancellation);
        var found = inPeriod.Select(e => (e.JudgmentNumber, e.PersonalId)).ToHashSet();
        var elsewhere = valid.Judgments.Where(j => !found.Contains((j.JudgmentNumber, j.PersonalId)))
            .Select(j => j.JudgmentNumber).Distinct().ToArray();
        var outside = elsewhere.Length == 0
            ? []
            : await session.Query<JudgmentIndexEntry>()
                .Where(e => e.Court == court && e.JudgmentNumber.IsOneOf(elsewhere) && (e.JudgmentDate < from || e.JudgmentDate > to))
                .ToListAsync(cancellation);
        return [.. inPeriod.Concat(outside).Select(e => e.ToHeld())];
    }

    static ValidReconciliation? Validate(ReconciliationRequest r, DateOnly today, FieldErrors errors)
    {
        var court = errors.Text("court", r.Court, MaxNumber, required: true);
        var from = ExchangeValidation.Date(errors, "from", r.From, today);
        var to = ExchangeValidation.Date(errors, "to", r.To, today);
        Period? period = null;
        if (from is { } f && to is { } t)
        {
            if (t < f) errors.Add("to", "Must not be before from.");
            else if (new Period(f, t).Days > MaxPeriodDays) errors.Add("to", $"A reconciliation covers at most {MaxPeriodDays} days.");
            else period = new Period(f, t);
        }

        var listed = new List<ListedJudgment>();
        if (r.Judgments is null)
        {
            errors.Add("judgments", "Required: the court's judgments of the period (an empty list when there were none).");
        }
        else if (r.Judgments.Count > MaxJudgments)
        {
            errors.Add("judgments", $"At most {MaxJudgments} entries; split the period.");
        }
        else
        {
            var seen = new Dictionary<(string, string), int>();
            var dates = new Dictionary<string, (DateOnly Date, int Index)>(StringComparer.Ordinal);
            for (var i = 0; i < r.Judgments.Count; i++)
            {
                var path = $"judgments[{i}]";
                if (!errors.Required(path, r.Judgments[i])) continue;
                var j = r.Judgments[i]!;
                var number = errors.Text($"{path}.judgmentNumber", j.JudgmentNumber, MaxNumber, required: true);
                var date = ExchangeValidation.Date(errors, $"{path}.judgmentDate", j.JudgmentDate, today);
                var personalId = ExchangeValidation.PersonalIdOnly(errors, $"{path}.personalId", j.PersonalId?.Trim());
                if (date is { } d && period is { } p && !p.Contains(d))
                    errors.Add($"{path}.judgmentDate", $"Must lie in the period {p.From:yyyy-MM-dd} to {p.To:yyyy-MM-dd}.");
                if (number is null || date is null || personalId is null) continue;
                if (!seen.TryAdd((number, personalId), i))
                    errors.Add($"{path}.personalId", $"judgments[{seen[(number, personalId)]}] already lists judgment {number} for this person.");
                if (!dates.TryAdd(number, (date.Value, i)) && dates[number].Date != date)
                    errors.Add($"{path}.judgmentDate", $"judgments[{dates[number].Index}] gives judgment {number} the date {dates[number].Date:yyyy-MM-dd}: a judgment has one date.");
                listed.Add(new ListedJudgment(number, date.Value, personalId));
            }
        }

        return errors.Any ? null : new ValidReconciliation(court!, period!.Value, listed);
    }

    static async Task<Results<Ok<ReconciliationView>, ProblemHttpResult>> Get(
        Guid reconciliationId, ClaimsPrincipal user, IQuerySession session, CancellationToken cancellation)
    {
        var record = await session.LoadAsync<ReconciliationRecord>(reconciliationId, cancellation);
        var staff = user.IsInRole(Roles.Clerk) || user.IsInRole(Roles.Approver);
        // Another court learns nothing about it, not even that it exists.
        if (record is null || (!staff && record.Result.Court != user.Agency()))
            return Problems.NotFound($"No reconciliation {reconciliationId} is visible to you.");
        return TypedResults.Ok(record.Result);
    }

    /// <summary>Judgments held per court for a judgment-date range, one row per court.</summary>
    sealed record HeldCount(string Court, int Held);

    static async Task<Results<Ok<QuarterlyReconciliationReport>, ValidationProblem>> Report(
        string? quarter, IQuerySession session, TimeProvider time, CancellationToken cancellation)
    {
        var parsed = Quarter.Parse(quarter);
        if (!parsed.IsSuccess) return Problems.Validation("quarter", parsed.Error!.Detail);
        var q = parsed.Value;
        if (q.From > VietnamTime.Today(time)) return Problems.Validation("quarter", $"{q} has not begun yet.");

        var held = await session.AdvancedSql.QueryAsync<HeldCount>(
            $"select jsonb_build_object('court', court, 'held', count(*)) from {MartenSetup.Schema}.mt_doc_{JudgmentIndexAlias} "
            + "where judgment_date between ? and ? and data ->> 'annulledOn' is null group by court",
            cancellation, q.From, q.To);
        var (from, to) = (q.From, q.To);
        var posted = await session.Query<ReconciliationRecord>()
            .Where(r => r.Result.From <= to && r.Result.To >= from)
            .Select(r => new ReconciliationSummary
            {
                ReconciliationId = r.Id, Court = r.Result.Court, From = r.Result.From, To = r.Result.To, PostedAt = r.Result.PostedAt,
                PostedBy = r.Result.PostedBy, Counts = r.Result.Counts,
            })
            .ToListAsync(cancellation);

        var heldByCourt = held.ToDictionary(h => h.Court, h => h.Held, StringComparer.Ordinal);
        var courts = heldByCourt.Keys.Union(posted.Select(p => p.Court), StringComparer.Ordinal).Order(StringComparer.Ordinal);
        IReadOnlyList<CourtQuarter> rows = [.. courts.Select(court =>
        {
            var own = posted.Where(p => p.Court == court).ToList();
            var coverage = JudgmentReconciliation.CoverageOf(q, own.Select(p => new Period(p.From, p.To)));
            var last = own.Where(p => coverage != ReconciliationCoverage.Reconciled || new Period(p.From, p.To).Covers(q.Period))
                .MaxBy(p => p.PostedAt);
            return new CourtQuarter(court, heldByCourt.GetValueOrDefault(court), coverage, last);
        })];
        return TypedResults.Ok(new QuarterlyReconciliationReport(q.ToString(), q.From, q.To, rows));
    }
}
