using System.Security.Claims;
using System.Text.Json;
using Hangfire;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Infrastructure.Auth;
using JudicialRecords.Api.Infrastructure.Errors;
using JudicialRecords.Domain;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.Deliveries;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace JudicialRecords.Api.Features.Deliveries;

/// <summary>Delivery by post and at the counter (api.md "Delivery by post").</summary>
public static class DeliveryEndpoints
{
    public const string NotIssued = ProblemTypes.Conflict + ":certificate-not-issued";

    const int MaxBody = 64 * 1024;
    const int MaxId = 128;
    const int MaxText = 500;
    const int DefaultLimit = 100;
    const int MaxLimit = 1000;

    public static IEndpointRouteBuilder MapDeliveryEndpoints(this IEndpointRouteBuilder app)
    {
        var delivery = app.MapGroup("/api/v1/delivery").WithTags("Delivery");
        delivery.MapPost("/webhooks/{carrier}", Webhook)
            .AllowAnonymous()
            .Accepts<CarrierTrackingEvent>("application/json")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .WithSummary("A carrier's tracking report, authenticated by X-Signature = hex(HMAC-SHA256(shared secret, raw body)). "
                + "A missing or bad signature, or a carrier this service has no secret with, is 401 and writes nothing; a known event id "
                + "is recorded once, and a report on a tracking number no letter of this service travels under yet is kept (held: true) and "
                + "recorded when one does.");
        delivery.MapGet("/counter", Counter)
            .RequireAuthorization(Roles.Clerk)
            .WithSummary("Certificates waiting at the counter, longest waiting first (clerk).");
        delivery.MapPost("/counter/{applicationId:guid}/collected", Collected)
            .RequireAuthorization(Roles.Clerk)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("Hand a counter certificate over: the clerk and the time are recorded, and who took it when not the person (clerk).");
        delivery.MapGet("/figures", Figures)
            .RequireAuthorization(policy => policy.RequireRole(Roles.Clerk, Roles.Approver))
            .WithSummary("Delivery figures: share of requests by post, median days to delivery, returns, letters the carrier refused (clerk, approver).");

        app.MapPost("/api/v1/applications/{id:guid}/delivery", Redirect)
            .WithTags("Delivery")
            .RequireAuthorization(policy => policy.RequireRole(Roles.Applicant, Roles.Clerk))
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .WithSummary("After a failed, returned or refused letter, choose counter collection or a new address (the applicant who filed it, "
                + "or a clerk for whoever cannot: a walk-in, a state body, an agency); a new letter follows for post.");
        return app;
    }

    static async Task<Results<Ok<WebhookReceipt>, ValidationProblem, ProblemHttpResult>> Webhook(
        string carrier, HttpRequest request, CarrierOptions options, TrackingRecorder recorder, IOptions<JsonOptions> json,
        ILoggerFactory logging, CancellationToken cancellationToken)
    {
        // api.md answers 200 or 401: a carrier this service has no secret with cannot be authenticated.
        if (!string.Equals(carrier, options.Name, StringComparison.OrdinalIgnoreCase))
            return Problems.Unauthorized($"No carrier {carrier} delivers for this service: there is no shared secret to check the signature with.");
        if (request.ContentLength > MaxBody) return TooLarge();
        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBody) return TooLarge();
            buffer.Write(chunk, 0, read);
        }
        var body = buffer.ToArray();
        if (!WebhookSignature.IsValid(options.Secret, body, request.Headers[WebhookSignature.Header]))
            return Problems.Unauthorized("The X-Signature header is missing or is not the HMAC-SHA256 of the body with the shared secret.");

        CarrierTrackingEvent? report;
        try
        {
            report = JsonSerializer.Deserialize<CarrierTrackingEvent>(body, json.Value.SerializerOptions);
        }
        catch (JsonException e)
        {
            return Problems.MalformedJson(e);
        }
        var errors = new FieldErrors();
        if (report is null) return Problems.Validation("", "A tracking event is required.");
        var eventId = errors.Text("eventId", report.EventId, MaxId, required: true);
        var trackingNumber = errors.Text("trackingNumber", report.TrackingNumber, MaxId, required: true);
        errors.Required("status", report.Status);
        errors.Required("occurredAt", report.OccurredAt);
        var location = errors.Text("location", report.Location, MaxText, required: false);
        if (errors.Any) return errors.ToProblem();

        var outcome = await recorder.RecordAsync(trackingNumber!,
            new TrackingEvent(eventId!, report.Status!.Value, report.OccurredAt!.Value.ToUniversalTime(), location),
            "webhook", cancellationToken);
        // Answered 200 only once kept: a held report is stored, so the carrier need not send it again.
        if (outcome == TrackingOutcome.Held)
            logging.CreateLogger(typeof(DeliveryEndpoints)).LogInformation(
                "A carrier report is held: no letter of this service travels under its tracking number yet.");
        if (outcome == TrackingOutcome.UnknownShipment)
            logging.CreateLogger(typeof(DeliveryEndpoints)).LogWarning(
                "A carrier report was not recorded: the letter linked to its tracking number does not know it.");
        return TypedResults.Ok(new WebhookReceipt(eventId!, outcome == TrackingOutcome.Recorded, outcome == TrackingOutcome.Held));
    }

    static async Task<Results<Ok<DeliveryView>, ValidationProblem, ProblemHttpResult>> Redirect(
        Guid id, RedirectDeliveryRequest body, ClaimsPrincipal user, IQuerySession session, DeliveryWriter writer,
        IBackgroundJobClient jobs, CancellationToken cancellationToken)
    {
        var snapshot = await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(id), cancellationToken);
        // A clerk acts for those who have no account to act with (a walk-in, a state body, an agency filing by letter) or ask at the desk.
        var clerk = user.IsInRole(Roles.Clerk);
        if (snapshot is null || user.Subject() is not { } subject || (!clerk && subject != snapshot.OwnerId))
            return Problems.NotFound($"No application {id} is visible to you.");
        var errors = new FieldErrors();
        var address = errors.Text("address", body.Address, MaxText, required: false);
        if (errors.Any) return errors.ToProblem();

        var by = new Actor(subject, clerk ? Roles.Clerk : Roles.Applicant);
        var change = await writer.ChangeAsync(id, (state, now) => DeliveryWorkflow.Redirect(state, body.Method, address, by, now), cancellationToken);
        switch (change.Outcome)
        {
            case DeliveryChangeOutcome.NotFound:
                return Problems.Conflict($"The certificate of application {id} is not issued yet: there is no delivery to change.", NotIssued);
            case DeliveryChangeOutcome.Refused:
                return Refused(change.Error!);
        }
        if (DeliveryWorkflow.PendingShipment(change.State!) is not null)
            jobs.Enqueue<DispatchJob>(job => job.RunAsync(id, CancellationToken.None));
        return TypedResults.Ok(await ViewAsync(session, id, cancellationToken));
    }

    static async Task<Results<Ok<CounterList>, ValidationProblem>> Counter(int? limit, IQuerySession session, CancellationToken cancellationToken)
    {
        if (limit is < 1 or > MaxLimit) return Problems.Validation("limit", $"1 to {MaxLimit}.");
        var waiting = await session.Query<DeliveryTracking>()
            .Where(d => d.Progress == DeliveryProgress.ReadyForCollection)
            .OrderBy(d => d.ReadySince)
            .Take(limit ?? DefaultLimit)
            .ToListAsync(cancellationToken);
        IReadOnlyList<CounterItem> items = [.. waiting.Select(d =>
            new CounterItem(d.ApplicationId, d.State.CertificateNumber, d.State.Recipient, d.ReadySince ?? d.IssuedAt, d.State.Copies))];
        return TypedResults.Ok(new CounterList(items.Count, items));
    }

    static async Task<Results<Ok<DeliveryView>, ValidationProblem, ProblemHttpResult>> Collected(
        Guid applicationId, CollectionRequest? body, ClaimsPrincipal user, IQuerySession session, DeliveryWriter writer,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var receivedBy = errors.Text("receivedBy", body?.ReceivedBy, MaxText, required: false);
        if (errors.Any) return errors.ToProblem();
        var by = new Actor(user.Subject() ?? Roles.Clerk, Roles.Clerk);
        var change = await writer.ChangeAsync(applicationId,
            (state, now) => DeliveryWorkflow.Collect(state, receivedBy, by, now), cancellationToken);
        switch (change.Outcome)
        {
            case DeliveryChangeOutcome.NotFound:
                return Problems.NotFound($"No certificate of application {applicationId} waits at the counter.");
            case DeliveryChangeOutcome.Refused:
                return Refused(change.Error!);
        }
        return TypedResults.Ok(await ViewAsync(session, applicationId, cancellationToken));
    }

    static async Task<Ok<DeliveryFigures>> Figures(IQuerySession session, CancellationToken cancellationToken)
    {
        var all = session.Query<DeliveryTracking>();
        var issued = await all.CountAsync(cancellationToken);
        var electronic = await all.CountAsync(d => d.RequestedMethod == DeliveryMethod.Electronic, cancellationToken);
        var counter = await all.CountAsync(d => d.RequestedMethod == DeliveryMethod.Counter, cancellationToken);
        var post = await all.CountAsync(d => d.RequestedMethod == DeliveryMethod.Post, cancellationToken);
        var delivered = all.Where(d => d.Progress == DeliveryProgress.Delivered && d.DaysToPostalDelivery != null);
        var deliveredCount = await delivered.CountAsync(cancellationToken);
        double? median = null;
        if (deliveredCount > 0)
        {
            // The middle one or two of the sorted durations, read through the index rather than loading every row.
            var middle = await delivered.OrderBy(d => d.DaysToPostalDelivery)
                .Skip((deliveredCount - 1) / 2).Take(deliveredCount % 2 == 1 ? 1 : 2)
                .ToListAsync(cancellationToken);
            median = Math.Round(middle.Average(d => d.DaysToPostalDelivery!.Value), 2);
        }
        var returns = await all.SumAsync(d => d.Returns, cancellationToken);
        var returnedRequests = await all.CountAsync(d => d.Returns > 0, cancellationToken);
        var failed = await all.SumAsync(d => d.FailedAttempts, cancellationToken);
        var onTheirWay = await all.CountAsync(d => d.OnItsWay, cancellationToken);
        var collected = await all.CountAsync(d => d.Progress == DeliveryProgress.Collected, cancellationToken);
        var waiting = await all.CountAsync(d => d.Progress == DeliveryProgress.ReadyForCollection, cancellationToken);
        var refusals = await all.SumAsync(d => d.Refusals, cancellationToken);
        var awaitingRedirection = await all.CountAsync(d => d.Progress == DeliveryProgress.DispatchRefused, cancellationToken);
        return TypedResults.Ok(new DeliveryFigures(
            issued, electronic, counter, post, issued == 0 ? null : Math.Round((double)post / issued, 4), deliveredCount, median,
            returns, returnedRequests, failed, onTheirWay, collected, waiting, refusals, awaitingRedirection));
    }

    static async Task<DeliveryView> ViewAsync(IQuerySession session, Guid applicationId, CancellationToken cancellationToken)
    {
        var snapshot = await session.LoadAsync<ApplicationSnapshot>(ApplicationSnapshot.KeyOf(applicationId), cancellationToken);
        var tracking = await session.LoadAsync<DeliveryTracking>(DeliveryTracking.KeyOf(applicationId), cancellationToken);
        return DeliveryView.Of(snapshot!.State, tracking);
    }

    static Results<Ok<DeliveryView>, ValidationProblem, ProblemHttpResult> Refused(DomainError error) =>
        error.Code is DeliveryErrorCodes.Required or DeliveryErrorCodes.InvalidValue
            ? Problems.Validation(error.Field ?? "", error.Detail)
            : Problems.Conflict(error.Detail, $"{ProblemTypes.Conflict}:{error.Code}");

    static ProblemHttpResult TooLarge() =>
        TypedResults.Problem($"A tracking event is at most {MaxBody} bytes.", statusCode: StatusCodes.Status413PayloadTooLarge,
            title: "Payload too large.", type: ProblemTypes.PayloadTooLarge);
}
