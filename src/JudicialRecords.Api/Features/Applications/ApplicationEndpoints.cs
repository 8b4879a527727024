using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using JudicialRecords.Api.Features.Certificates;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Api.Features.Deliveries;
using JudicialRecords.Api.Features.Exchange;
using JudicialRecords.Api.Features.Population;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Concurrency;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Api.Infrastructure.Marten;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// What applicants ask for (api.md "Applications"), and procedural agencies' Form 2 requests. An applicant
/// sees and acts on the applications they filed only, an agency (court or police token) on its own
/// agency's requests only; any other id answers 404, exactly like an id that does not exist, so ids leak nothing.
/// </summary>
public static class ApplicationEndpoints
{
    public const string IdentityMismatch = "urn:judicialrecords:problem:identity-mismatch";
    public const string IdentityUnknown = "urn:judicialrecords:problem:identity-unknown";
    public const string TooManyIdentityFailures = "urn:judicialrecords:problem:too-many-identity-failures";
    public const string RegisterUnavailable = "urn:judicialrecords:problem:population-register-unavailable";
    public const string NotIssued = ProblemTypes.Conflict + ":certificate-not-issued";
    public const string Revoked = ProblemTypes.Conflict + ":certificate-revoked";

    const int MaxText = 200;
    const int MaxCode = 64;
    const int MaxPurpose = 500;
    const int MaxReference = 128;
    const int MaxReason = 1000;
    const int DefaultQueueLimit = 100;
    const int MaxQueueLimit = 1000;
    static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(30);
    static readonly TimeSpan WaitRecheck = TimeSpan.FromSeconds(1);

    static readonly HashSet<string> ConflictCodes =
    [
        ApplicationErrorCodes.AlreadyPaid, ApplicationErrorCodes.AlreadyDecided, ApplicationErrorCodes.AlreadyIssued,
        ApplicationErrorCodes.InvalidTransition, ApplicationErrorCodes.IdentityNotConfirmed, ApplicationErrorCodes.NotAutoIssuable,
    ];

    /// <summary>
    /// Without a status filter the queue holds what the department owes: complete requests. An unpaid one is not the
    /// department's work yet (its clock starts at payment, its due date is provisional and is never overdue), and sorted by
    /// that date, old unpaid requests would fill the first page ahead of paid, overdue ones; status=submitted lists them.
    /// </summary>
    static readonly ApplicationStatus[] OpenStatuses =
    [
        ApplicationStatus.Paid, ApplicationStatus.AwaitingDecision, ApplicationStatus.NeedsVerification, ApplicationStatus.Approved,
    ];

    public static IEndpointRouteBuilder MapApplicationEndpoints(this IEndpointRouteBuilder app)
    {
        var applications = app.MapGroup("/api/v1/applications").WithTags("Applications");
        applications.MapPost("", Submit)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Court, Roles.Police))
            // A court's or police request is an agency message like the exchange's: X-Signature when signatures are required.
            .RequireAgencyMessageFromAgencies()
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("File a request (an applicant in their own name, for themself or as an agent; a clerk at the counter; "
                + "a court or police token for its own agency's Form 2 request, urgent allowed, nothing to pay, with an Idempotency-Key). "
                + "An Idempotency-Key, required of agencies and optional for others, files the request once: a retry answers the first 201 again. "
                + "Eligibility failures are 400 naming the field; an identity the population register does not confirm is 422 and files nothing.");
        applications.MapGet("", Queue)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Clerk, Roles.Approver, Roles.Court, Roles.Police))
            .WithSummary("The clerk's queue, soonest deadline first, overdue and contradicted ones flagged; status may be repeated "
                + "(default: the complete requests the department still owes, paid to approved, and contradicted certificates; unpaid ones with status=submitted). "
                + "A court or police token lists its own agency's requests only (default: every status).");
        applications.MapGet("/{id:guid}", Get)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Approver, Roles.Court, Roles.Police))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithSummary("Status, timeline, fee, deadline, certificate number and delivery of an application (its applicant or requesting agency, a clerk, an approver); ETag = stream version.");
        applications.MapPost("/{id:guid}/payment", Pay)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk))
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Pay exactly the amount due (simulated): the applicant, or a clerk for a request a clerk filed (cash at the counter, "
                + "receipt number as reference; a state body's letter). The same reference and amount again changes nothing, "
                + "whatever If-Match it carries; a new payment with a stale If-Match is 412.");
        applications.MapPost("/{id:guid}/decision", Decide)
            .RequireAuthorization(Roles.Approver)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithSummary("Approve or reject (with a reason). An application still waiting for an agency may be approved, with a reason, once "
                + "every open answer is overdue (409 before). A stale If-Match is 412; a second decision is 409.");
        applications.MapGet("/{id:guid}/certificate", Certificate)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk, Roles.Court, Roles.Police))
            .Produces<Stream>(StatusCodes.Status200OK, "application/pdf")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("The signed PDF of the issued certificate (its applicant or requesting agency, a clerk); 409 until it is issued, "
                + "and 409 (certificate-revoked) once the registry revoked it. "
                + "With `Prefer: wait=N` (RFC 7240, N ≤ 30 seconds) the answer waits up to N seconds for the issuance instead of polling.");
        return app;
    }

    static async Task<Results<Created<ApplicationAccepted>, ValidationProblem, ProblemHttpResult>> Submit(
        SubmitApplicationRequest body,
        [FromHeader(Name = ExchangeWriter.IdempotencyHeader)] string? idempotencyKey,
        HttpContext http,
        ApplicationSettings settings,
        IPopulationRegister register,
        ApplicationWriter writer,
        ExchangeWriter exchange,
        IdentityFailures identityFailures,
        IQuerySession session,
        TimeProvider time,
        ILoggerFactory logging,
        CancellationToken cancellationToken)
    {
        var user = http.User;
        var atCounter = user.IsInRole(Roles.Clerk);
        if (!atCounter && NotForThisAgency(user, body.RequestingAgency) is { } refused) return refused;
        if (!atCounter && body.RequestingBody is not null)
            return Problems.Forbidden("A state body's letter is filed by a clerk.");

        // A request is filed once per Idempotency-Key and caller: a retry after a lost answer does not become a second
        // application with its own fee and certificate. Like every agency POST (api.md), an agency's request must carry
        // one; an applicant's or a clerk's may. Keys are the caller's own: an agency's, an applicant's (by personal ID) or a
        // clerk's (by user id, where the token names one).
        var agency = atCounter || AgencyKindOf(user) is null ? null : user.Agency();
        var caller = $"{(atCounter ? Roles.Clerk : Roles.Applicant)}:{user.Subject()}";
        var keyOwner = agency ?? (idempotencyKey is null ? null : caller);
        string? hash = null;
        if (keyOwner is not null)
        {
            if (ExchangeWriter.InvalidKey(idempotencyKey) is { } badKey) return badKey;
            hash = exchange.Hash(http.Request, body);
            if (await session.LoadAsync<IdempotencyRecord>(IdempotencyRecord.IdFor(keyOwner, idempotencyKey!), cancellationToken) is { } stored)
                return exchange.Replay<ApplicationAccepted>(http, stored, hash);
        }

        var errors = new FieldErrors();
        var request = ToRequest(body, errors);
        if (request is null) return errors.ToProblem();

        if (!atCounter && request.RequesterKind != RequesterKind.ProceduralAgency && user.Subject() != request.Applicant!.PersonalId)
            return Problems.Forbidden("An applicant files in their own name: applicant.personalId must be the personal ID of the token.");

        // An applicant who keeps failing the identity check is stopped before the register is asked again (IdentityFailures).
        var prober = atCounter || AgencyKindOf(user) is not null ? null : caller;
        if (prober is not null && identityFailures.Exhausted(prober))
        {
            http.Response.Headers.RetryAfter = ((int)IdentityFailures.RetryAfter.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return TypedResults.Problem("Too many requests failed the identity check in the last hour; check the details and try again later.",
                statusCode: StatusCodes.Status429TooManyRequests, title: "Too many identity failures.", type: TooManyIdentityFailures);
        }

        var applicationId = Guid.CreateVersion7();
        var now = time.GetUtcNow();
        var by = ActorOf(user, atCounter ? Roles.Clerk : new[] { Roles.Police, Roles.Court }.FirstOrDefault(user.IsInRole) ?? Roles.Applicant);
        var submitted = ApplicationWorkflow.Submit(applicationId, request, by, now, settings.Policy);
        if (!submitted.IsSuccess) return Invalid(submitted.Errors);

        (string Path, PersonDetails Person)[] people = request.RequesterKind switch
        {
            RequesterKind.Self => [("applicant", request.Applicant!)],
            RequesterKind.Agent => [("applicant", request.Applicant!), ("subject", request.Subject!)],
            _ => [("subject", request.Subject!)],
        };
        var unknown = new Dictionary<string, string[]>();
        var mismatches = new Dictionary<string, string[]>();
        foreach (var (path, person) in people)
        {
            RegisteredPerson? registered;
            try
            {
                registered = await register.FindAsync(person.PersonalId, cancellationToken);
            }
            catch (PopulationRegisterUnavailableException e)
            {
                logging.CreateLogger(typeof(ApplicationEndpoints)).LogError(e, "The population register could not confirm an identity.");
                return TypedResults.Problem("The population register cannot be reached; nothing was filed. Try again later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable, title: "Identity cannot be confirmed now.", type: RegisterUnavailable);
            }
            if (registered is null)
                unknown[$"{path}.personalId"] = ["The population register does not know this personal ID."];
            else
                foreach (var (field, messages) in IdentityCheck.Mismatches(path, person, registered)) mismatches[field] = messages;
        }
        if ((unknown.Count > 0 || mismatches.Count > 0) && prober is not null) identityFailures.Record(prober);
        if (unknown.Count > 0)
            return IdentityProblem(IdentityUnknown, "Unknown person.", "The population register does not know the person; nothing was filed.", unknown);
        if (mismatches.Count > 0)
            return IdentityProblem(IdentityMismatch, "The identity does not match the population register.",
                "The name, date of birth or sex differs from the population register; nothing was filed.", mismatches);

        var location = $"/api/v1/applications/{applicationId}";
        static ApplicationAccepted Accepted(Application a) => new(a.Id, a.Status, a.FeeVnd, a.Deadline!.DueDate, a.Deadline.DueAt);
        Application state;
        try
        {
            state = await writer.StartAsync(applicationId,
                [.. submitted.Events, new IdentityConfirmed(applicationId, "population-register", Actor.System, now)], cancellationToken,
                keyOwner is null ? null : (s, filed) => s.Insert(exchange.Accepted(keyOwner, idempotencyKey!, hash!, Accepted(filed), location, now, version: filed.Version)));
        }
        catch (Exception e) when (keyOwner is not null && Races.Lost(e))
        {
            // The same key was filed concurrently and committed first: its answer stands, ours was rolled back.
            if (await session.LoadAsync<IdempotencyRecord>(IdempotencyRecord.IdFor(keyOwner, idempotencyKey!), cancellationToken) is not { } first)
                throw;
            return exchange.Replay<ApplicationAccepted>(http, first, hash!);
        }
        // api.md: responses to state changes carry the ETag, so the payment's If-Match needs no read first.
        http.Response.Headers.ETag = VersionTags.Of(state.Version);
        return TypedResults.Created(location, Accepted(state));
    }

    static async Task<Results<Ok<ApplicationQueue>, ValidationProblem>> Queue(
        [FromQuery] string[]? status, int? limit, ClaimsPrincipal user, IQuerySession session, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var statuses = new List<ApplicationStatus>();
        foreach (var s in status ?? [])
        {
            if (Enum.TryParse<ApplicationStatus>(s, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(s, out _))
                statuses.Add(parsed);
            else
                errors.Add("status", $"'{s}' is not a status: {string.Join(", ", Enum.GetNames<ApplicationStatus>().Select(Camel))}.");
        }
        if (limit is < 1 or > MaxQueueLimit) errors.Add("limit", $"1 to {MaxQueueLimit}.");
        if (errors.Any) return errors.ToProblem();

        // Staff see the department's queue; an agency token sees its own agency's requests and nothing else.
        var agency = IsStaff(user) ? null : AgencyKeyOf(user) ?? "";
        var wanted = statuses.Count > 0 ? statuses.Distinct().ToArray() : agency is null ? OpenStatuses : Enum.GetValues<ApplicationStatus>();
        // A contradicted certificate is work again, whatever the status, until an approver has revoked it.
        var query = statuses.Count == 0 && agency is null
            ? session.Query<ApplicationSnapshot>().Where(s => s.Status.IsOneOf(wanted) || s.Contradicted)
            : session.Query<ApplicationSnapshot>().Where(s => s.Status.IsOneOf(wanted));
        if (agency is not null) query = query.Where(s => s.RequestingAgency == agency);
        var found = await query
            .OrderBy(s => s.DueAt)
            .ThenBy(s => s.State.SubmittedAt) // equal deadlines (a holiday can join a 10-day and a 15-day one): first come, first served
            .Take(limit ?? DefaultQueueLimit)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        IReadOnlyList<QueueItem> items = [.. found.Select(s => s.State).Select(a => new QueueItem(
            a.Id, (int)a.FormType, a.Status, a.RequesterKind, a.Agency?.Code, a.Urgent, Summary(a.Subject!), a.SubmittedAt,
            a.Deadline?.DueDate, a.Deadline?.DueAt,
            a.IsOverdue(now), a.FeeVnd, agency is null && a.IsContradicted()))];
        return TypedResults.Ok(new ApplicationQueue(items.Count, items));
    }

    static async Task<Results<Ok<ApplicationView>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal user, IDocumentStore store, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        var view = await ViewAsync(id, store, s => MayRead(user, s, Roles.Clerk, Roles.Approver), IsStaff(user), time, cancellationToken);
        if (view is null) return NotFound(id);
        response.Headers.ETag = VersionTags.Of(view.Version);
        return TypedResults.Ok(view);
    }

    static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Pay(
        Guid id, PaymentRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user, ApplicationWriter writer,
        ApplicationSettings settings, IDocumentStore store, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        if (errors.Required("amountVnd", body.AmountVnd) && body.AmountVnd < 0) errors.Add("amountVnd", "Whole VND, not negative.");
        var reference = errors.Text("reference", body.Reference, MaxReference, required: true);
        if (!VersionTags.TryExpected(ifMatch, out var expected)) return PreconditionFailed(id);
        if (errors.Any) return errors.ToProblem();

        var by = ActorOf(user, user.IsInRole(Roles.Clerk) ? Roles.Clerk : Roles.Applicant);
        var result = await writer.ChangeAsync(id, s => MayRead(user, s, Roles.Clerk), expected,
            (state, now) => ApplicationWorkflow.Pay(state, body.AmountVnd!.Value, reference, by, now, settings.Policy), cancellationToken);
        return await Answer(id, result, user, store, time, response, cancellationToken);
    }

    static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Decide(
        Guid id, DecisionRequest body, [FromHeader(Name = "If-Match")] string? ifMatch, ClaimsPrincipal user,
        ApplicationWriter writer, IDocumentStore store, TimeProvider time, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        errors.Required("decision", body.Decision);
        var reason = errors.Text("reason", body.Reason, MaxReason, required: body.Decision == DecisionKind.Reject);
        if (!VersionTags.TryExpected(ifMatch, out var expected)) return PreconditionFailed(id);
        if (errors.Any) return errors.ToProblem();

        var by = ActorOf(user, Roles.Approver);
        var result = await writer.ChangeAsync(id, _ => true, expected,
            (state, now) => body.Decision == DecisionKind.Approve
                ? ApplicationWorkflow.Approve(state, by, now, reason)
                : ApplicationWorkflow.Reject(state, reason, by, now),
            cancellationToken);
        return await Answer(id, result, user, store, time, response, cancellationToken);
    }

    static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Certificate(
        Guid id, ClaimsPrincipal user, HttpRequest request, HttpResponse response, IDocumentStore store, CertificateRegistry registry,
        IssuanceSignals signals, RecordAccessLog accessLog, TimeProvider time, CancellationToken cancellationToken)
    {
        var wait = PreferredWait(request.Headers);
        if (wait > TimeSpan.Zero) response.Headers["Preference-Applied"] = $"wait={wait.TotalSeconds:0}";
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            // Listen before reading, so that an issuance between the read and the wait is not missed.
            var issued = wait > TimeSpan.Zero ? signals.WhenIssued(id) : Task.CompletedTask;
            try
            {
                ApplicationSnapshot? snapshot;
                await using (var session = store.QuerySession())
                    snapshot = await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(id), cancellationToken);
                if (snapshot is null || !MayRead(user, snapshot, Roles.Clerk)) return NotFound(id);
                if (snapshot.State.CertificateNumber is { } number && await registry.GetPdfWithStatusAsync(number, cancellationToken) is { } certificate)
                {
                    // A revoked certificate is not handed out again as if it were good: its holder asks the department.
                    if (certificate.Revoked)
                        return Problems.Conflict($"Certificate {number} of application {id} was revoked; ask the records department.", Revoked);
                    if (!MayRead(user, snapshot))
                    {
                        var found = await registry.FindAsync(number, cancellationToken) is { RecordVersion: > 0 };
                        await accessLog.RecordAsync(StaffCopy(user, snapshot, number, found, time), cancellationToken);
                    }
                    return TypedResults.File(certificate.Pdf, "application/pdf", $"{number}.pdf");
                }

                var left = wait - Stopwatch.GetElapsedTime(started);
                if (left <= TimeSpan.Zero)
                    return Problems.Conflict(
                        $"The certificate of application {id} is not issued yet: the application is {Camel(snapshot.Status.ToString())}.", NotIssued);
                // Another node's issuance raises no signal here: read again every so often.
                await Task.WhenAny(issued, Task.Delay(left < WaitRecheck ? left : WaitRecheck, cancellationToken));
                cancellationToken.ThrowIfCancellationRequested();
            }
            finally
            {
                // On every way out, returns included: a signal nobody waits for would stay in memory for ever.
                signals.Forget(id, issued);
            }
        }
    }

    /// <summary>
    /// RFC 7240 <c>Prefer: wait=N</c>: how long the client is willing to wait for the certificate (at most
    /// <see cref="MaxWait"/>); without it the answer is immediate.
    /// </summary>
    static TimeSpan PreferredWait(IHeaderDictionary headers)
    {
        foreach (var preference in headers["Prefer"].SelectMany(v => (v ?? "").Split(',')))
        {
            var token = preference.Split(';')[0].Trim();
            if (token.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                && int.TryParse(token.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                return TimeSpan.FromSeconds(Math.Min(seconds, MaxWait.TotalSeconds));
        }
        return TimeSpan.Zero;
    }

    static async Task<Results<Ok<ApplicationView>, ValidationProblem, ProblemHttpResult>> Answer(
        Guid id, ChangeResult result, ClaimsPrincipal user, IDocumentStore store, TimeProvider time, HttpResponse response,
        CancellationToken cancellationToken)
    {
        switch (result.Outcome)
        {
            case ChangeOutcome.NotFound:
                return NotFound(id);
            case ChangeOutcome.Stale:
                return PreconditionFailed(id);
            case ChangeOutcome.RacesLost:
                // Safe to repeat without a key: the same payment again, or the same decision, meets the first one.
                return Problems.RacesLost("Send it again.");
            case ChangeOutcome.Refused when result.Errors.FirstOrDefault(e => e.Code == ApplicationErrorCodes.PayerNotAllowed) is { } payer:
                return Problems.Forbidden(payer.Detail);
            case ChangeOutcome.Refused when result.Errors.Any(e => ConflictCodes.Contains(e.Code)):
                var conflict = result.Errors.First(e => ConflictCodes.Contains(e.Code));
                return Problems.Conflict(conflict.Detail, $"{ProblemTypes.Conflict}:{conflict.Code}");
            case ChangeOutcome.Refused:
                return Invalid(result.Errors);
        }

        var view = await ViewAsync(id, store, _ => true, IsStaff(user), time, cancellationToken);
        if (view is null) return NotFound(id);
        response.Headers.ETag = VersionTags.Of(view.Version);
        return TypedResults.Ok(view);
    }

    /// <param name="staff">
    /// A clerk or an approver: they also see what is for review. The service's note and a late answer's findings read the
    /// subject's record, which an agent may not know, and nobody has weighed them yet; the papers an approver checks (power
    /// of attorney, fee ground) are review material too. An applicant or an agency sees the request and its outcome.
    /// </param>
    static async Task<ApplicationView?> ViewAsync(
        Guid id, IDocumentStore store, Func<ApplicationSnapshot, bool> mayRead, bool staff, TimeProvider time, CancellationToken cancellationToken)
    {
        await using var session = store.QuerySession();
        var key = ApplicationSnapshot.KeyOf(id);
        // One round trip for the three reads: the events and the delivery are read before the permission is known, and dropped unseen
        // when it is refused.
        var batch = session.CreateBatchQuery();
        var loading = batch.Load<ApplicationSnapshot>(key);
        var fetching = batch.Events.FetchStream(key);
        var tracking = batch.Load<DeliveryTracking>(DeliveryTracking.KeyOf(id));
        await batch.Execute(cancellationToken);
        if (await loading is not { } snapshot || !mayRead(snapshot)) return null;
        var events = await fetching;
        var a = snapshot.State;
        IReadOnlyList<TimelineEntry> timeline = [.. events
            .Where(e => e.Data is IApplicationEvent && (staff || e.Data is not CertificateContradicted))
            .Select(e =>
            {
                var data = (IApplicationEvent)e.Data;
                return new TimelineEntry(e.Version, Camel(e.EventType.Name), data.At, data.By);
            })];
        return new ApplicationView(
            a.Id, a.Version, (int)a.FormType, a.Status, a.RequesterKind,
            a.RequesterKind == RequesterKind.Self || a.Applicant is null ? null : Summary(a.Applicant),
            a.Agency, a.Body, a.Urgent,
            Summary(a.Subject!), a.Relationship, a.Purpose, a.IncludeBankruptcyBan, a.Copies, a.FeeCategory, a.FeeVnd, a.PaidVnd,
            a.Identity, a.SubmittedAt, a.CompleteAt, a.Deadline?.DueDate, a.Deadline?.DueAt, a.IsOverdue(time.GetUtcNow()),
            a.RejectionReason, a.VerificationWaivedReason, a.CertificateNumber, a.IssuedAt, DeliveryView.Of(a, await tracking),
            timeline,
            staff ? a.IsContradicted() : null,
            staff ? a.Contradictions : null,
            staff ? a.CheckNote : null,
            staff ? a.PowerOfAttorneyReference : null,
            staff ? a.FeeGround : null);
    }

    static ApplicationRequest? ToRequest(SubmitApplicationRequest r, FieldErrors errors)
    {
        if (errors.Required("formType", r.FormType) && r.FormType is not (1 or 2)) errors.Add("formType", "The form type is 1 or 2.");
        var agency = Agency(errors, r.RequestingAgency);
        var body = Body(errors, r.RequestingBody);
        if (r.RequestingAgency is not null && r.RequestingBody is not null)
            errors.Add("requestingBody", "A request comes from a procedural agency or from a state body, not both.");
        var requester = r.RequestingAgency is not null ? RequesterKind.ProceduralAgency
            : r.RequestingBody is not null ? RequesterKind.StateBody
            : (RequesterKind?)null;
        // An agency or a body files no applicant of its own: whatever is sent there is ignored, not checked.
        var applicant = requester is null ? Person(errors, "applicant", r.Applicant, required: true) : null;
        var subject = Person(errors, "subject", r.Subject, required: false);
        var purpose = errors.Text("purpose", r.Purpose, MaxPurpose, required: true);
        var poa = errors.Text("powerOfAttorneyReference", r.PowerOfAttorneyReference, MaxText, required: false);
        var feeGround = errors.Text("feeGround", r.FeeGround, MaxPurpose, required: false);
        var address = errors.Text("delivery.address", r.Delivery?.Address, MaxPurpose, required: false);
        if (errors.Any) return null;

        var agent = requester is null && subject is not null && subject.PersonalId != applicant!.PersonalId;
        var complexity = (r.LivedInSeveralProvinces == true ? Complexity.SeveralProvinces : Complexity.None)
            | (r.LivedAbroad == true ? Complexity.LivedAbroad : Complexity.None);
        return new ApplicationRequest(
            (FormType)r.FormType!.Value,
            requester ?? (agent ? RequesterKind.Agent : RequesterKind.Self),
            applicant,
            requester is not null || agent ? subject : null,
            agency,
            r.Relationship,
            poa,
            purpose,
            r.IncludeBankruptcyBan ?? false,
            r.Copies ?? 1,
            r.FeeCategory ?? FeeCategory.Standard,
            new Delivery(r.Delivery?.Method ?? DeliveryMethod.Electronic, address),
            complexity,
            r.Urgent ?? false,
            body,
            feeGround);
    }

    /// <summary>The fields' presence and size; whether the letter is complete and dated is the Domain's eligibility.</summary>
    static RequestingAgency? Agency(FieldErrors errors, RequestingAgencyRequest? a)
    {
        if (a is null) return null;
        var before = errors.Count;
        var code = errors.Text("requestingAgency.code", a.Code, MaxCode, required: true);
        errors.Required("requestingAgency.kind", a.Kind);
        var name = errors.Text("requestingAgency.name", a.Name, MaxText, required: false);
        var number = errors.Text("requestingAgency.documentNumber", a.DocumentNumber, MaxReference, required: false);
        return errors.Count > before ? null : new RequestingAgency(code!, a.Kind!.Value, number, a.DocumentDate, name);
    }

    /// <summary>The fields' presence and size; whether the letter is complete and dated is the Domain's eligibility.</summary>
    static RequestingBody? Body(FieldErrors errors, RequestingBodyRequest? b)
    {
        if (b is null) return null;
        var before = errors.Count;
        var name = errors.Text("requestingBody.name", b.Name, MaxText, required: true);
        var address = errors.Text("requestingBody.address", b.Address, MaxPurpose, required: true);
        errors.Required("requestingBody.purpose", b.Purpose);
        var number = errors.Text("requestingBody.documentNumber", b.DocumentNumber, MaxReference, required: false);
        return errors.Count > before ? null : new RequestingBody(name!, address, b.Purpose!.Value, number, b.DocumentDate);
    }

    /// <summary>The fields' presence and size; whether they agree (personal ID with birth date and sex, age) is the Domain's eligibility.</summary>
    static PersonDetails? Person(FieldErrors errors, string path, PersonRequest? p, bool required)
    {
        if (p is null)
        {
            if (required) errors.Add(path, "Required.");
            return null;
        }

        var before = errors.Count;
        var personalId = errors.Text($"{path}.personalId", p.PersonalId, MaxText, required: true);
        var fullName = errors.Text($"{path}.fullName", p.FullName, MaxText, required: true);
        errors.Required($"{path}.dateOfBirth", p.DateOfBirth);
        errors.Required($"{path}.sex", p.Sex);
        var nationality = errors.Text($"{path}.nationality", p.Nationality, MaxText, required: false) ?? Nationality.VietNam;
        string? Optional(string field, string? value) => errors.Text($"{path}.{field}", value, MaxText, required: false);
        var placeOfBirth = Optional("placeOfBirth", p.PlaceOfBirth);
        var ethnicity = Optional("ethnicity", p.Ethnicity);
        var residence = Optional("residence", p.Residence);
        var father = Optional("fatherName", p.FatherName);
        var mother = Optional("motherName", p.MotherName);
        var spouse = Optional("spouseName", p.SpouseName);
        var otherNames = p.OtherNames ?? [];
        for (var i = 0; i < otherNames.Count; i++) errors.Text($"{path}.otherNames[{i}]", otherNames[i], MaxText, required: true);
        if (errors.Count > before) return null;

        return new PersonDetails(personalId!, fullName!, [.. otherNames.Select(n => n.Trim())], p.DateOfBirth!.Value, p.Sex!.Value,
            placeOfBirth, nationality, ethnicity, residence, father, mother, spouse);
    }

    /// <summary>
    /// A clerk taking a copy of a certificate reads the person's record as it prints it (api.md: every read is recorded and
    /// shown to the person), beside the read its issuance recorded for whoever asked; a procedural agency's stays confidential.
    /// <paramref name="found"/>: whether the certificate states a record (as the issuance's own entry says).
    /// </summary>
    static RecordAccess StaffCopy(ClaimsPrincipal user, ApplicationSnapshot snapshot, string number, bool found, TimeProvider time) => new()
    {
        Id = Guid.CreateVersion7(), PersonalId = snapshot.State.Subject!.PersonalId, View = "certificate-copy", Role = Roles.Clerk,
        Subject = user.Subject(), Purpose = $"Certificate {number} of application {snapshot.State.Id}", Found = found,
        AccessedAt = time.GetUtcNow(), Confidential = snapshot.State.RequesterKind == RequesterKind.ProceduralAgency,
    };

    static bool IsStaff(ClaimsPrincipal user) => user.IsInRole(Roles.Clerk) || user.IsInRole(Roles.Approver);

    /// <summary>
    /// The applicant who filed it, or the procedural agency that asked; staff in <paramref name="staff"/> roles see
    /// every application. The person an agency asked about does not see that request.
    /// </summary>
    static bool MayRead(ClaimsPrincipal user, ApplicationSnapshot snapshot, params string[] staff) =>
        staff.Any(user.IsInRole)
        || (user.IsInRole(Roles.Applicant) && user.Subject() is { } subject && subject == snapshot.OwnerId)
        || (AgencyKeyOf(user) is { } agency && agency == snapshot.RequestingAgency);

    /// <summary>
    /// The procedural agency an agency token speaks for: police for an investigation body, a court for itself.
    /// Procuracies have no token role; a clerk files their letters.
    /// </summary>
    static ProceduralAgencyKind? AgencyKindOf(ClaimsPrincipal user) =>
        user.IsInRole(Roles.Police) ? ProceduralAgencyKind.Investigation
        : user.IsInRole(Roles.Court) ? ProceduralAgencyKind.Court
        : null;

    static string? AgencyKeyOf(ClaimsPrincipal user) =>
        AgencyKindOf(user) is { } kind && user.Agency() is { Length: > 0 } code ? ApplicationSnapshot.AgencyKeyOf(kind, code) : null;

    /// <summary>
    /// 403 unless the caller may file <paramref name="agency"/>'s request: an agency token only for its own agency
    /// (code = its agency claim, the kind its role speaks for); an applicant never for an agency.
    /// </summary>
    static ProblemHttpResult? NotForThisAgency(ClaimsPrincipal user, RequestingAgencyRequest? agency)
    {
        if (AgencyKindOf(user) is not { } kind)
            return agency is null ? null
                : Problems.Forbidden("A procedural agency files with its own agency token, or its letter is filed by a clerk.");
        var code = user.Agency();
        return agency is not null && !string.IsNullOrEmpty(code) && agency.Code?.Trim() == code && agency.Kind == kind
            ? null
            : Problems.Forbidden($"This token files for its own agency only: requestingAgency.code must be {code} and requestingAgency.kind {Camel(kind.ToString())}.");
    }

    /// <summary>Who acted: the token's subject, else (an agency token) its agency code, else the role.</summary>
    static Actor ActorOf(ClaimsPrincipal user, string role) => new(user.Subject() ?? user.Agency() ?? role, role);

    static PersonSummary Summary(PersonDetails p) => new(p.PersonalId, p.FullName, p.DateOfBirth);

    static ValidationProblem Invalid(IReadOnlyList<DomainError> errors) =>
        Problems.Validation(
            errors.GroupBy(e => e.Field ?? "").ToDictionary(g => g.Key, g => g.Select(e => e.Detail).ToArray()),
            errors[0].Detail);

    static ProblemHttpResult IdentityProblem(string type, string title, string detail, Dictionary<string, string[]> errors) =>
        TypedResults.Problem(detail, statusCode: StatusCodes.Status422UnprocessableEntity, title: title, type: type,
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    static ProblemHttpResult NotFound(Guid id) => Problems.NotFound($"No application {id} is visible to you.");

    static ProblemHttpResult PreconditionFailed(Guid id) => Problems.PreconditionFailed(
        $"Application {id} has changed since the If-Match version was read: read it again and decide on what it is now.");

    static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];
}
