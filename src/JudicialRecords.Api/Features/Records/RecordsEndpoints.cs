using System.Globalization;
using System.Security.Claims;
using System.Text.Json;
using JasperFx.Events;
using JasperFx.Events.Projections;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Concurrency;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Domain;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Records;

/// <summary>What the department reads (api.md "Records"), and what the person sees of those reads.</summary>
public static class RecordsEndpoints
{
    const int MaxPurpose = 500;
    const int MaxAccessListed = 1000;

    public static IServiceCollection AddRecords(this IServiceCollection services) =>
        services.AddSingleton<RecordAccessLog>().ConfigureMarten(ConfigureMarten);

    /// <summary>Every record event type the Domain defines.</summary>
    public static readonly IReadOnlyList<Type> RecordEventTypes = [.. typeof(IRecordEvent).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IRecordEvent).IsAssignableFrom(t))];

    static void ConfigureMarten(StoreOptions options)
    {
        // Issuance reads the record in the same transaction as the append: an inline snapshot.
        options.Projections.Add(new CriminalRecordProjection(), ProjectionLifecycle.Inline);
        // Every record event the Domain defines, so a fresh process reads any stream; no list to keep in step.
        options.Events.AddEventTypes(RecordEventTypes);
        // RecordAccessLog writes these rows itself (DocumentRows): no duplicated field, which that insert would leave empty.
        options.Schema.For<RecordAccess>().Index(a => a.PersonalId);
    }

    public static IEndpointRouteBuilder MapRecords(this IEndpointRouteBuilder app)
    {
        var records = app.MapGroup("/api/v1/records").WithTags("Records")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Clerk, Roles.Approver));
        records.MapGet("/{personalId}", GetRecord)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("The person's record as it stood on asOf (default: today in Vietnam); the read is recorded with its purpose.");
        records.MapGet("/{personalId}/history", GetHistory)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Every event of the person's record with its source, document, effect date and when it was recorded.");
        app.MapGet("/api/v1/me/record-access", GetMyRecordAccess).WithTags("Records").RequireAuthorization(Roles.Applicant)
            .WithSummary("Who read the caller's own record, when and why, newest first.");
        return app;
    }

    static async Task<Results<Ok<RecordView>, ValidationProblem, ProblemHttpResult>> GetRecord(
        string personalId, string? asOf, string? purpose,
        HttpContext http, RecordAccessLog log, TimeProvider time, CancellationToken cancellation)
    {
        var errors = new FieldErrors();
        var id = ExchangeValidation.PersonalIdOnly(errors, "personalId", personalId);
        DateOnly date = VietnamTime.Today(time);
        if (asOf is not null && !DateOnly.TryParseExact(asOf, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date))
            errors.Add("asOf", "A date as YYYY-MM-DD.");
        var why = errors.Text("purpose", purpose, MaxPurpose, required: false);
        if (errors.Any) return errors.ToProblem();

        var record = await log.ReadRecordAsync(Access(http.User, id!, "record", date, why, found: false, time), cancellation);
        if (record is null) return Problems.NotFound("No record is kept for this personal ID.");

        http.Response.Headers.ETag = VersionTags.Of(record.Version);
        return TypedResults.Ok(View(record, date));
    }

    static RecordView View(CriminalRecord record, DateOnly asOf)
    {
        var convictions = new List<ConvictionView>();
        foreach (var c in record.Convictions.OrderBy(c => c.JudgmentDate).ThenBy(c => c.EffectiveDate))
        {
            var result = record.ExpungementAsOf(c, asOf);
            if (result.Status == ExpungementStatus.NoRecord) continue;
            var terms = c.TermsAsOf(asOf);
            convictions.Add(new ConvictionView(
                c.ConvictionId, c.JudgmentNumber, c.JudgmentDate, c.Court, c.EffectiveDate, c.OffenceDate,
                terms.Offences, terms.PrincipalPenalty, terms.SupplementaryPenalties, c.CourtFeeVnd, c.CivilObligations,
                result.Status == ExpungementStatus.Expunged ? ConvictionStatus.Expunged : ConvictionStatus.Active,
                result.ExpungedOn, result.DueOn, result.Basis));
        }

        var bans = record.BankruptcyBans
            .Where(b => b.DecisionDate <= asOf)
            .OrderBy(b => b.StartDate)
            .Select(b => new BankruptcyBanView(b.BanId, b.DecisionNumber, b.DecisionDate, b.Court, b.Post, b.StartDate, b.Months,
                b.EndDate, b.IsInForce(asOf)))
            .ToList();
        return new RecordView(record.Id, asOf, record.Person, convictions, bans);
    }

    static async Task<Results<Ok<RecordHistory>, ValidationProblem, ProblemHttpResult>> GetHistory(
        string personalId, string? purpose,
        HttpContext http, IDocumentStore store, RecordAccessLog log, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
        CancellationToken cancellation)
    {
        var errors = new FieldErrors();
        var id = ExchangeValidation.PersonalIdOnly(errors, "personalId", personalId);
        var why = errors.Text("purpose", purpose, MaxPurpose, required: false);
        if (errors.Any) return errors.ToProblem();

        IReadOnlyList<IEvent> events;
        await using (var session = store.QuerySession())
            events = await session.Events.FetchStreamAsync(id!, token: cancellation);
        await log.RecordAsync(Access(http.User, id!, "history", null, why, found: events.Count > 0, time), cancellation);
        if (events.Count == 0) return Problems.NotFound("No record is kept for this personal ID.");

        var entries = events
            .Where(e => e.Data is IRecordEvent)
            .Select(e =>
            {
                var data = (IRecordEvent)e.Data;
                return new HistoryEntry(
                    e.Version, Camel(e.EventType.Name), data.Source, data.DocumentNumber, data.DocumentDate, data.EffectiveDate,
                    (data as IConvictionEvent)?.ConvictionId, e.Timestamp.ToUniversalTime(),
                    new Recorder(Header(e, "role"), Header(e, "agency"), Header(e, "sub")),
                    JsonSerializer.SerializeToElement(e.Data, e.Data.GetType(), json.Value.SerializerOptions));
            })
            .ToList();
        return TypedResults.Ok(new RecordHistory(id!, entries));
    }

    static async Task<Results<Ok<IReadOnlyList<RecordAccessView>>, ProblemHttpResult>> GetMyRecordAccess(
        ClaimsPrincipal user, IDocumentStore store, CancellationToken cancellation)
    {
        if (!PersonalId.Parse(user.Subject()).IsSuccess)
            return Problems.Forbidden("An applicant token carries the applicant's personal ID as its subject.");
        var personalId = user.Subject()!;
        await using var session = store.QuerySession();
        var reads = await session.Query<RecordAccess>()
            .Where(a => a.PersonalId == personalId && !a.Confidential)
            .OrderByDescending(a => a.AccessedAt)
            .Take(MaxAccessListed)
            .ToListAsync(cancellation);
        IReadOnlyList<RecordAccessView> views = [.. reads.Select(a =>
            new RecordAccessView(a.AccessedAt, a.View, a.AsOf, a.Role, a.Agency, a.Subject, a.Purpose, a.Found))];
        return TypedResults.Ok(views);
    }

    static RecordAccess Access(ClaimsPrincipal user, string personalId, string view, DateOnly? asOf,
        string? purpose, bool found, TimeProvider time) =>
        new()
        {
            Id = Guid.CreateVersion7(), PersonalId = personalId, View = view, AsOf = asOf,
            Role = user.FindFirstValue("role") ?? "", Agency = user.Agency(), Subject = user.Subject(),
            Purpose = purpose, Found = found, AccessedAt = time.GetUtcNow(),
        };

    static string? Header(IEvent e, string key) =>
        e.Headers is { } headers && headers.TryGetValue(key, out var value) ? value?.ToString() : null;

    static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
