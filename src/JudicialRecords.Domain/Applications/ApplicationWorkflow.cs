using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Applications;

/// <summary>The configuration an application's decisions read: fees, deadlines, calendar, eligibility limits.</summary>
public sealed record ApplicationPolicy(
    FeeSchedule Fees,
    DeadlineRules Deadlines,
    WorkingCalendar Calendar,
    EligibilityRules Eligibility)
{
    public static ApplicationPolicy Default { get; } =
        new(FeeSchedule.Default, DeadlineRules.Default, WorkingCalendar.Vietnam, EligibilityRules.Default);
}

/// <summary>
/// The decisions of an application, as pure functions of its state, the command and the time:
/// submitted → paid → (checked) awaiting decision | needing verification → approved → issued →
/// delivered, or rejected with a reason. Who may call which (roles) is the Api's business; these
/// refuse what no role may do. A success with no events means the step was already taken.
/// </summary>
public static class ApplicationWorkflow
{
    public static Decision Submit(Guid applicationId, ApplicationRequest request, Actor by, DateTimeOffset now, ApplicationPolicy policy)
    {
        var errors = Eligibility.Check(request, now, policy.Eligibility);
        // Copies are paper: an electronic certificate is one signed PDF, downloaded as often as needed, so extra copies
        // (charged by domain reference §6) would be paid for and never made.
        if (request.Delivery?.Method == DeliveryMethod.Electronic && request.Copies > policy.Fees.CopiesIncluded)
        {
            errors = [.. errors, new DomainError(
                ApplicationErrorCodes.CopiesOutOfRange,
                $"An electronic certificate is one signed PDF to download as often as needed: ask for at most {policy.Fees.CopiesIncluded} copies, "
                + "or for counter or post delivery to have more printed.",
                "copies")];
        }

        if (errors.Count > 0)
        {
            return Decision.Refuse(errors);
        }

        var subject = request.RecordSubject!;
        var complexity = Nationality.IsVietnamese(subject.Nationality)
            ? request.Complexity
            : request.Complexity | Complexity.Foreigner;
        var isAgent = request.RequesterKind == RequesterKind.Agent;
        var isAgency = request.RequesterKind == RequesterKind.ProceduralAgency;
        var isBody = request.RequesterKind == RequesterKind.StateBody;
        // Children and the elderly are exempt (domain reference §6) whatever was claimed: a person's exemption, not a body's.
        var exemptByAge = !isAgency && !isBody && policy.Fees.ExemptByAge(subject.DateOfBirth, VietnamTime.DateOf(now));
        var feeCategory = Fees.CategoryFor(policy.Fees, request.RequesterKind, request.FeeCategory, exemptByAge);
        var deadline = Deadlines.DueDate(now, Deadlines.KindFor(complexity, request.Urgent), policy.Calendar, policy.Deadlines);

        return Decision.Append(new ApplicationSubmitted(
            applicationId,
            request.FormType,
            request.RequesterKind,
            isAgency || isBody ? null : request.Applicant,
            subject,
            isAgency ? Trimmed(request.Agency!) : null,
            isAgent ? request.Relationship : null,
            isAgent && !string.IsNullOrWhiteSpace(request.PowerOfAttorneyReference) ? request.PowerOfAttorneyReference.Trim() : null,
            request.Purpose!.Trim(),
            // Form 2 always shows bankruptcy bans (domain.md §4).
            request.FormType == FormType.Form2 || request.IncludeBankruptcyBan,
            request.Copies,
            feeCategory,
            Fees.ForRequest(policy.Fees, request.RequesterKind, feeCategory, request.Copies),
            request.Delivery!,
            complexity,
            request.Urgent,
            deadline,
            by,
            now,
            exemptByAge,
            isBody ? Trimmed(request.Body!) : null,
            // Only a person's claimed reduction or exemption has a ground to check; an agency's or a body's fee is the law's.
            !isAgency && !isBody && feeCategory != FeeCategory.Standard && !string.IsNullOrWhiteSpace(request.FeeGround)
                ? request.FeeGround.Trim()
                : null));
    }

    /// <summary>
    /// Accepts exactly the amount due: from the applicant, or, for a request a clerk filed (a walk-in or posted request, a
    /// state body's letter), from a clerk, who records the receipt as the reference. The same payment again (same reference
    /// and amount) is a no-op; any other payment of a paid application is refused.
    /// </summary>
    public static Decision Pay(Application state, long amountVnd, string? reference, Actor by, DateTimeOffset now, ApplicationPolicy policy)
    {
        if (string.IsNullOrWhiteSpace(reference))
        {
            return new DomainError(ApplicationErrorCodes.Required, "Give the payment reference.", "reference");
        }

        reference = reference.Trim();
        if (state.Status != ApplicationStatus.Submitted)
        {
            // The payment accepted, sent again (a retry after a lost answer), is answered as the first time whatever
            // happened since, a rejection included; only a new payment meets the application's state.
            if (state.PaymentReference == reference && state.PaidVnd == amountVnd)
            {
                return Decision.Nothing;
            }

            return state.Status == ApplicationStatus.Rejected
                ? NotIn(state, "pay for")
                : new DomainError(
                    ApplicationErrorCodes.AlreadyPaid,
                    state.PaymentReference is null
                        ? "Nothing is due on this application."
                        : $"This application was already paid (reference {state.PaymentReference}).",
                    "reference");
        }

        // Someone without an online account pays at the counter or by post (domain reference §7), and a state body's letter comes
        // that way too: the clerk who filed such a request takes the payment and records its receipt. A request the person
        // filed online is theirs to pay; a clerk recording a payment there would complete it without them.
        if (by.Role == ClerkRole && state.RequesterKind != RequesterKind.StateBody && state.SubmittedBy?.Role != ClerkRole)
        {
            return new DomainError(
                ApplicationErrorCodes.PayerNotAllowed,
                "A clerk records the payment of a request filed at the counter or by post; a person pays the request they filed online.");
        }

        if (amountVnd != state.FeeVnd)
        {
            return new DomainError(
                ApplicationErrorCodes.AmountMismatch,
                $"The amount due is {state.FeeVnd} VND; got {amountVnd} VND.",
                "amountVnd");
        }

        return Decision.Append(new PaymentReceived(state.Id, amountVnd, reference, DueFrom(state, now, policy), by, now));
    }

    /// <summary>Records that the identity matched; allowed until the check, a repeat is a no-op.</summary>
    public static Decision ConfirmIdentity(Application state, string source, Actor by, DateTimeOffset now)
    {
        if (state.Identity == IdentityStatus.Confirmed)
        {
            return Decision.Nothing;
        }

        return state.Status is ApplicationStatus.Submitted or ApplicationStatus.Paid
            ? Decision.Append(new IdentityConfirmed(state.Id, source, by, now))
            : NotIn(state, "confirm the identity of");
    }

    /// <summary>A mismatched or unknown identity ends the application with <paramref name="reason"/>.</summary>
    public static Decision RejectIdentity(Application state, string? reason, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ReasonRequired();
        }

        return state.Status is ApplicationStatus.Submitted or ApplicationStatus.Paid
            ? Decision.Append(new IdentityRejected(state.Id, reason.Trim(), by, now))
            : NotIn(state, "reject the identity of");
    }

    /// <summary>The clerk's reading of the record, once the request is complete and the identity confirmed.</summary>
    public static Decision Check(Application state, CheckOutcome outcome, string? note, Actor by, DateTimeOffset now)
    {
        if (state.Status != ApplicationStatus.Paid)
        {
            return NotIn(state, "check");
        }

        if (state.Identity != IdentityStatus.Confirmed)
        {
            return new DomainError(
                ApplicationErrorCodes.IdentityNotConfirmed,
                "Confirm the applicant's identity before checking the record.");
        }

        return Decision.Append(new ApplicationChecked(state.Id, outcome, note, by, now));
    }

    /// <summary>
    /// Asks an agency to verify. The application's deadline becomes 15 days from completion (or stays
    /// later if it already was); this includes urgent requests, which cannot be answered in 24 hours
    /// once files must be searched. Repeating a request id is a no-op.
    /// </summary>
    public static Decision RequestVerification(
        Application state,
        Guid requestId,
        string? agency,
        VerificationAgencyKind agencyKind,
        Actor by,
        DateTimeOffset now,
        ApplicationPolicy policy)
    {
        if (state.Verifications.Exists(v => v.RequestId == requestId))
        {
            return Decision.Nothing;
        }

        if (string.IsNullOrWhiteSpace(agency))
        {
            return new DomainError(ApplicationErrorCodes.Required, "Name the agency asked to verify.", "agency");
        }

        // The police files may refer an application decided meanwhile (rejected, or approved without their overdue answer) to
        // the trial court: the court is still asked, for the person's record and later requests, and the decision stands.
        if (agencyKind == VerificationAgencyKind.Court && state.IsDecided())
        {
            return Decision.Append(new VerificationRequested(state.Id, requestId, agency.Trim(), agencyKind,
                Deadlines.AgencyAnswerDue(now, agencyKind, policy.Calendar, policy.Deadlines), state.Deadline!, by, now));
        }

        if (state.Status is not (ApplicationStatus.NeedsVerification or ApplicationStatus.AwaitingDecision))
        {
            return NotIn(state, "request verification for");
        }

        // A request to verify makes the case complex: 15 days (Art. 48(2)). An urgent one keeps its 24 hours (Art. 48(3) has
        // no exception; urgency wins at intake too), and the agency must then answer within them.
        var answerDue = Deadlines.AgencyAnswerDue(now, agencyKind, policy.Calendar, policy.Deadlines);
        Deadline deadline;
        if (state is { Urgent: true, Deadline: { } urgent })
        {
            deadline = urgent;
            if (urgent.DueAt < answerDue.DueAt) answerDue = urgent;
        }
        else
        {
            var complex = Deadlines.DueDate(state.CompleteAt ?? state.SubmittedAt, DeadlineKind.Complex, policy.Calendar, policy.Deadlines);
            deadline = state.Deadline is { } current && current.DueAt > complex.DueAt ? current : complex;
        }

        return Decision.Append(new VerificationRequested(
            state.Id,
            requestId,
            agency.Trim(),
            agencyKind,
            answerDue,
            deadline,
            by,
            now));
    }

    /// <summary>
    /// Records an agency's answer; a repeat is a no-op. When no request is open any more the approver decides. An answer to
    /// an application approved while this request was open (an approver decided without it once it was overdue, or the court
    /// was asked after the decision) that found convictions the application's form prints (<paramref name="printedConvictionIds"/>,
    /// as of the certificate's date) contradicts the certificate once it is issued: that is recorded too, for an approver, who
    /// may revoke it. A person decides that (the answer itself may be mistaken), so nothing is revoked here.
    /// </summary>
    public static Decision RecordVerificationAnswer(
        Application state,
        Guid requestId,
        VerificationOutcome outcome,
        string? documentNumber,
        Actor by,
        DateTimeOffset now,
        IReadOnlyList<Guid>? printedConvictionIds = null,
        DateOnly? documentDate = null)
    {
        var request = state.Verifications.Find(v => v.RequestId == requestId);
        if (request is null)
        {
            return new DomainError(
                ApplicationErrorCodes.UnknownVerificationRequest,
                $"This application has no verification request {requestId}.",
                "requestId");
        }

        if (!request.IsOpen)
        {
            return Decision.Nothing;
        }

        // An application decided while it waited (rejected, or approved without the overdue answer) still takes the answer:
        // the agency did the search, the request is closed by it, and what it found (a clean pre-2010 file, or convictions)
        // stands for the person's later requests. Only a request still waiting moves on with it.
        var answered = new VerificationAnswered(state.Id, requestId, outcome, documentNumber, by, now);
        // Only a certificate already issued can be contradicted: one approved but not yet issued reads the record, this answer's
        // convictions included, when its job runs.
        var issued = state.Status is ApplicationStatus.Issued or ApplicationStatus.Delivered;
        return issued && printedConvictionIds is { Count: > 0 } found
            ? Decision.Append(answered, new CertificateContradicted(state.Id, requestId, documentNumber, documentDate, [.. found], by, now))
            : Decision.Append(answered);
    }

    /// <summary>
    /// The application's certificate was revoked in the registry (an approver's decision, e.g. on a contradiction); a
    /// repeat is a no-op.
    /// </summary>
    public static Decision RecordRevocation(Application state, string certificateNumber, string? reason, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new DomainError(ApplicationErrorCodes.Required, "Give the reason for the revocation.", "reason");
        }

        if (state.CertificateRevokedAt is not null)
        {
            return Decision.Nothing;
        }

        if (state.Status is not (ApplicationStatus.Approved or ApplicationStatus.Issued or ApplicationStatus.Delivered)
            || (state.CertificateNumber is { } number && number != certificateNumber))
        {
            return new DomainError(
                ApplicationErrorCodes.InvalidValue,
                $"Certificate {certificateNumber} is not the certificate of this application.",
                "certificateNumber");
        }

        return Decision.Append(new CertificateRevoked(state.Id, certificateNumber, reason.Trim(), by, now));
    }

    /// <summary>
    /// Approves an application awaiting a decision. One still waiting for the police files or a court may be approved once
    /// every open request's answer is overdue, with a reason: the department owes its answer within its own deadline (Law
    /// 28/2009 Art. 48), and an agency's silence must not hold a request for ever with rejection the only way out.
    /// </summary>
    public static Decision Approve(Application state, Actor by, DateTimeOffset now, string? reason = null)
    {
        if (state.Status != ApplicationStatus.NeedsVerification || !state.Verifications.Any(v => v.IsOpen))
        {
            return state.Status switch
            {
                ApplicationStatus.AwaitingDecision => Decision.Append(new ApplicationApproved(state.Id, by, now)),
                _ when state.IsDecided() => AlreadyDecided(state),
                _ => NotIn(state, "approve"),
            };
        }

        if (state.Verifications.FirstOrDefault(v => v.IsOpen && v.AnswerDue.DueAt > now) is { } pending)
        {
            return new DomainError(
                ApplicationErrorCodes.InvalidTransition,
                $"The answer of {pending.Agency} is due by {pending.AnswerDue.DueDate:yyyy-MM-dd}: decide once it has "
                + "answered or its answer is overdue.");
        }

        return string.IsNullOrWhiteSpace(reason)
            ? new DomainError(ApplicationErrorCodes.Required, "Give the reason for approving without the overdue answer.", "reason")
            : Decision.Append(new VerificationWaived(state.Id, reason.Trim(), by, now), new ApplicationApproved(state.Id, by, now));
    }

    /// <summary>Refuses the application with a reason, at any point before it is approved.</summary>
    public static Decision Reject(Application state, string? reason, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            return ReasonRequired();
        }

        return state.Status switch
        {
            ApplicationStatus.Submitted or ApplicationStatus.Paid or ApplicationStatus.AwaitingDecision
                or ApplicationStatus.NeedsVerification => Decision.Append(new ApplicationRejected(state.Id, reason.Trim(), by, now)),
            _ when state.IsDecided() => AlreadyDecided(state),
            _ => NotIn(state, "reject"),
        };
    }

    /// <summary>
    /// The service's check of a complete request found that an agency must be asked first: the check
    /// (<see cref="CheckOutcome.NeedsVerification"/>) and the request in one step.
    /// </summary>
    public static Decision SendForVerification(
        Application state,
        Guid requestId,
        string agency,
        VerificationAgencyKind agencyKind,
        string note,
        Actor by,
        DateTimeOffset now,
        ApplicationPolicy policy)
    {
        var check = Check(state, CheckOutcome.NeedsVerification, note, by, now);
        if (!check.IsSuccess)
        {
            return check;
        }

        var after = state.Clone();
        after.Fold(check.Events);
        var request = RequestVerification(after, requestId, agency, agencyKind, by, now, policy);
        return request.IsSuccess ? Decision.Append([.. check.Events, .. request.Events]) : request;
    }

    /// <summary>
    /// Once every verification request is answered, the same rule as instant issuance decides whether the
    /// service approves in its own name (<see cref="CanAutoIssue"/>, read for an application that was
    /// paid and then verified) or an approver decides.
    /// </summary>
    public static Decision ApproveAfterVerification(Application state, bool recordIsUnambiguous, bool authorityEnabled, DateTimeOffset now)
    {
        var verified = state.Status == ApplicationStatus.AwaitingDecision
            && state.Verifications.Count > 0
            && state.Verifications.TrueForAll(v => !v.IsOpen);
        if (!verified
            || !authorityEnabled
            || !recordIsUnambiguous
            || state.Identity != IdentityStatus.Confirmed
            || ReviewReason(state) is not null)
        {
            return new DomainError(
                ApplicationErrorCodes.NotAutoIssuable,
                "This application needs an approver's decision.");
        }

        return Decision.Append(new ApplicationApproved(state.Id, Actor.System, now));
    }

    /// <summary>
    /// Whether a paid request can be issued without a person looking at it: the authority enabled it,
    /// the identity is confirmed, the record is unambiguous, and nothing in the request needs review
    /// (<see cref="ReviewReason"/>).
    /// </summary>
    public static bool CanAutoIssue(Application state, bool recordIsUnambiguous, bool identityConfirmed, bool authorityEnabled) =>
        authorityEnabled
        && recordIsUnambiguous
        && identityConfirmed
        && state.Status == ApplicationStatus.Paid
        && ReviewReason(state) is null;

    /// <summary>
    /// What in the request needs a person's eyes before the service may approve it, or null: an agent's relationship
    /// or power of attorney; and a reduced or exempt fee claimed online, since the entitlement (student, disability,
    /// poor household, … domain reference §6) is only stated by the applicant. A clerk who files at the counter has
    /// seen the papers, a procedural agency pays nothing by law, and a child's or an elderly person's exemption follows
    /// from the confirmed birth date; none needs review for that.
    /// </summary>
    public static string? ReviewReason(Application state) =>
        state.RequesterKind == RequesterKind.Agent ? "Filed by an agent: the relationship or power of attorney needs an approver."
        : state.FeeCategory != FeeCategory.Standard && !state.ExemptByAge && state.RequesterKind != RequesterKind.ProceduralAgency
          && state.SubmittedBy?.Role != ClerkRole
            ? $"A {(state.FeeCategory == FeeCategory.Reduced ? "reduced" : "waived")} fee claimed online: an approver checks the entitlement."
        : null;

    /// <summary>The role of a records clerk filing at the counter.</summary>
    public const string ClerkRole = "clerk";

    /// <summary>Checks and approves in the service's name when <see cref="CanAutoIssue"/> allows it, on the recorded identity.</summary>
    public static Decision AutoApprove(Application state, bool recordIsUnambiguous, bool authorityEnabled, DateTimeOffset now)
    {
        if (!CanAutoIssue(state, recordIsUnambiguous, state.Identity == IdentityStatus.Confirmed, authorityEnabled))
        {
            return new DomainError(
                ApplicationErrorCodes.NotAutoIssuable,
                "This application needs a clerk's check and an approver's decision.");
        }

        return Decision.Append(
            new ApplicationChecked(state.Id, CheckOutcome.Clear, null, Actor.System, now),
            new ApplicationApproved(state.Id, Actor.System, now));
    }

    /// <summary>
    /// Records the certificate of an approved application, and for counter and post deliveries the
    /// next delivery step. Issuing again with the same number is a no-op, so the issuance job may run
    /// twice; a different number is refused, because one application has one certificate.
    /// </summary>
    public static Decision MarkIssued(Application state, string? certificateNumber, Actor by, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(certificateNumber))
        {
            return new DomainError(ApplicationErrorCodes.Required, "Give the certificate number.", "certificateNumber");
        }

        if (state.CertificateNumber is { } existing)
        {
            return existing == certificateNumber
                ? Decision.Nothing
                : new DomainError(
                    ApplicationErrorCodes.AlreadyIssued,
                    $"This application already has certificate {existing}.",
                    "certificateNumber");
        }

        if (state.Status != ApplicationStatus.Approved)
        {
            return NotIn(state, "issue a certificate for");
        }

        var issued = new CertificateIssued(state.Id, certificateNumber, by, now);
        return state.Delivery.Method switch
        {
            DeliveryMethod.Counter => Decision.Append(issued, new ReadyForCollection(state.Id, by, now)),
            DeliveryMethod.Post => Decision.Append(issued, new DispatchRequested(state.Id, state.Delivery.Address ?? "", by, now)),
            _ => Decision.Append(issued),
        };
    }

    /// <summary>The certificate reached the person; a repeat (e.g. a carrier's duplicate report) is a no-op.</summary>
    public static Decision MarkDelivered(Application state, Actor by, DateTimeOffset now) =>
        state.Status switch
        {
            ApplicationStatus.Issued => Decision.Append(new Delivered(state.Id, by, now)),
            ApplicationStatus.Delivered => Decision.Nothing,
            _ => NotIn(state, "deliver"),
        };

    private static RequestingAgency Trimmed(RequestingAgency agency) => agency with
    {
        Code = agency.Code.Trim(),
        DocumentNumber = agency.DocumentNumber?.Trim(),
        Name = string.IsNullOrWhiteSpace(agency.Name) ? null : agency.Name.Trim(),
    };

    private static RequestingBody Trimmed(RequestingBody body) => body with
    {
        Name = body.Name.Trim(),
        Address = body.Address?.Trim(),
        DocumentNumber = body.DocumentNumber?.Trim(),
    };

    private static Deadline DueFrom(Application state, DateTimeOffset completeAt, ApplicationPolicy policy) =>
        Deadlines.DueDate(completeAt, Deadlines.KindFor(state.Complexity, state.Urgent), policy.Calendar, policy.Deadlines);

    private static DomainError NotIn(Application state, string what) =>
        new(ApplicationErrorCodes.InvalidTransition, $"Cannot {what} an application that is {Describe(state.Status)}.");

    private static DomainError AlreadyDecided(Application state) =>
        new(ApplicationErrorCodes.AlreadyDecided, $"This application was already decided: it is {Describe(state.Status)}.");

    private static DomainError ReasonRequired() =>
        new(ApplicationErrorCodes.Required, "Give the reason for the rejection.", "reason");

    private static string Describe(ApplicationStatus status) => status switch
    {
        ApplicationStatus.Submitted => "waiting for payment",
        ApplicationStatus.Paid => "paid and not yet checked",
        ApplicationStatus.AwaitingDecision => "awaiting a decision",
        ApplicationStatus.NeedsVerification => "waiting for verification",
        ApplicationStatus.Approved => "approved",
        ApplicationStatus.Issued => "issued",
        ApplicationStatus.Delivered => "delivered",
        ApplicationStatus.Rejected => "rejected",
        _ => status.ToString(),
    };
}
