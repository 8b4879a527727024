using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Tests.Applications;

public sealed class WorkflowTests
{
    private static readonly ApplicationPolicy Policy = ApplicationPolicy.Default;
    private static readonly DateTimeOffset Now = Requests.Now;
    private static readonly Guid Id = new("5b0c7c1e-58a4-4a7e-9a43-7d1f0c2b9e11");

    private static Application Submitted(ApplicationRequest? request = null)
    {
        var decision = ApplicationWorkflow.Submit(Id, request ?? Requests.Own(), Requests.ApplicantActor, Now, Policy);
        Assert.True(decision.IsSuccess, string.Join(", ", decision.Errors));
        return Application.Replay(decision.Events);
    }

    private static Application Then(Application state, Decision decision)
    {
        Assert.True(decision.IsSuccess, string.Join(", ", decision.Errors));
        state.Fold(decision.Events);
        return state;
    }

    private static Application Paid(ApplicationRequest? request = null)
    {
        var state = Submitted(request);
        state = Then(state, ApplicationWorkflow.ConfirmIdentity(state, "population-register", Actor.System, Now));
        return state.Status == ApplicationStatus.Paid
            ? state
            : Then(state, ApplicationWorkflow.Pay(state, state.FeeVnd, "PAY-1", Requests.ApplicantActor, Now, Policy));
    }

    private static Application Checked(CheckOutcome outcome = CheckOutcome.Clear, ApplicationRequest? request = null)
    {
        var state = Paid(request);
        return Then(state, ApplicationWorkflow.Check(state, outcome, null, Requests.Clerk, Now.AddHours(1)));
    }

    private static Application Approved(ApplicationRequest? request = null)
    {
        var state = Checked(request: request);
        return Then(state, ApplicationWorkflow.Approve(state, Requests.Approver, Now.AddHours(2)));
    }

    private static Application Issued(ApplicationRequest? request = null)
    {
        var state = Approved(request);
        return Then(state, ApplicationWorkflow.MarkIssued(state, "LLTP-2025-000001", Actor.System, Now.AddHours(3)));
    }

    private static Application Rejected()
    {
        var state = Checked();
        return Then(state, ApplicationWorkflow.Reject(state, "Hồ sơ giả mạo", Requests.Approver, Now.AddHours(2)));
    }

    private static Application IdentityMismatch()
    {
        var state = Submitted();
        return Then(state, ApplicationWorkflow.RejectIdentity(state, "Ngày sinh không khớp với CSDL dân cư", Actor.System, Now));
    }

    private static void AssertRefused(Decision decision, string code, string? field = null)
    {
        Assert.False(decision.IsSuccess);
        Assert.Empty(decision.Events);
        Assert.Equal(code, decision.Error!.Code);
        Assert.Equal(field, decision.Error.Field);
    }

    [Fact]
    public void submission_records_the_fee_the_due_date_and_who_filed_it()
    {
        var request = Requests.Own() with { Copies = 3, Delivery = new(DeliveryMethod.Post, "12 Lê Lợi, Biên Hòa") };

        var decision = ApplicationWorkflow.Submit(Id, request, Requests.ApplicantActor, Now, Policy);

        var submitted = Assert.IsType<ApplicationSubmitted>(Assert.Single(decision.Events));
        Assert.Equal(205_000, submitted.FeeVnd);
        Assert.Equal(new DateOnly(2025, 6, 12), submitted.Deadline.DueDate);
        Assert.Equal(Requests.Adult, submitted.Subject);
        Assert.Equal(Requests.ApplicantActor, submitted.By);
        Assert.Equal(Now, submitted.At);
        Assert.Equal(ApplicationStatus.Submitted, Application.Replay(decision.Events).Status);
    }

    [Fact]
    public void ineligible_request_is_refused_with_every_error_and_no_events()
    {
        var decision = ApplicationWorkflow.Submit(
            Id, Requests.ByAgent(AgentRelationship.Parent, form: FormType.Form2) with { Copies = 0 }, Requests.ApplicantActor, Now, Policy);

        Assert.Empty(decision.Events);
        Assert.Equal(["copies", "formType"], decision.Errors.Select(e => e.Field).Order());
    }

    [Fact]
    public void form_2_always_includes_the_bankruptcy_ban()
    {
        var state = Submitted(Requests.Own(form: FormType.Form2) with { IncludeBankruptcyBan = false });

        Assert.True(state.IncludeBankruptcyBan);
    }

    [Fact]
    public void foreign_subject_gets_15_days()
    {
        var state = Submitted(Requests.Own(Requests.Foreigner));

        Assert.True(state.Complexity.HasFlag(Complexity.Foreigner));
        Assert.Equal(new DateOnly(2025, 6, 17), state.Deadline!.DueDate);
    }

    [Fact]
    public void urgent_procedural_request_is_complete_as_filed_and_due_24_hours_later_to_the_minute()
    {
        var filedAt = Now.AddMinutes(17);

        var decision = ApplicationWorkflow.Submit(Id, Requests.ByAgency(urgent: true), new Actor("CA-DNA", "police"), filedAt, Policy);

        var state = Application.Replay(decision.Events);
        Assert.Equal(ApplicationStatus.Paid, state.Status);
        Assert.Equal(filedAt, state.CompleteAt);
        Assert.Equal(new DateTimeOffset(2025, 6, 3, 9, 17, 0, TimeSpan.FromHours(7)), state.Deadline!.DueAt);
        Assert.Equal(new DateOnly(2025, 6, 3), state.Deadline.DueDate);
        Assert.True(state.Urgent);
        Assert.Null(state.Applicant);
        Assert.Equal(Requests.Investigation, state.Agency);
    }

    /// <summary>Domain reference §6: extra copies are paper; an electronic certificate is one PDF, so none are sold with it.</summary>
    [Fact]
    public void extra_copies_of_an_electronic_certificate_are_refused_naming_the_copies()
    {
        var decision = ApplicationWorkflow.Submit(Id, Requests.Own() with { Copies = 3, Delivery = new(DeliveryMethod.Electronic) },
            Requests.ApplicantActor, Now, Policy);

        AssertRefused(decision, ApplicationErrorCodes.CopiesOutOfRange, "copies");
        Assert.True(ApplicationWorkflow.Submit(Id, Requests.Own() with { Copies = 3, Delivery = new(DeliveryMethod.Counter) },
            Requests.ApplicantActor, Now, Policy).IsSuccess);
    }

    [Fact]
    public void procedural_agency_pays_nothing_whatever_category_and_copies_it_states()
    {
        var state = Submitted(Requests.ByAgency() with { FeeCategory = FeeCategory.Standard, Copies = 5, Delivery = new(DeliveryMethod.Counter) });

        Assert.Equal(0, state.FeeVnd);
        Assert.Equal(FeeCategory.Exempt, state.FeeCategory);
        Assert.Equal(ApplicationStatus.Paid, state.Status);
        Assert.Equal(Now, state.CompleteAt);
        // Not urgent: 10 days from filing, as for anyone.
        Assert.Equal(new DateOnly(2025, 6, 12), state.Deadline!.DueDate);
        AssertRefused(ApplicationWorkflow.Pay(state, 0, "X-1", Requests.Clerk, Now, Policy), ApplicationErrorCodes.AlreadyPaid, "reference");
    }

    [Fact]
    public void a_state_body_pays_the_standard_fee_through_the_clerk_whatever_it_claims_and_whoever_the_person_is()
    {
        // An elderly person, a reduced fee claimed: neither frees a body, which pays as an organisation.
        var elderly = Requests.Person(new DateOnly(1950, 1, 1));
        var state = Submitted(Requests.ByStateBody() with { Subject = elderly, FeeCategory = FeeCategory.Reduced, Applicant = Requests.Mother });

        Assert.Equal(RequesterKind.StateBody, state.RequesterKind);
        Assert.Equal(Requests.PlanningDepartment, state.Body);
        Assert.Null(state.Applicant);
        Assert.Null(state.Agency);
        Assert.Equal(FeeCategory.Standard, state.FeeCategory);
        Assert.False(state.ExemptByAge);
        Assert.Equal(200_000, state.FeeVnd);
        Assert.Equal(ApplicationStatus.Submitted, state.Status);
        Assert.Null(ApplicationWorkflow.ReviewReason(state));

        var paid = Then(state, ApplicationWorkflow.Pay(state, 200_000, "BL-0042", Requests.Clerk, Now, Policy));
        Assert.Equal(ApplicationStatus.Paid, paid.Status);
    }

    [Fact]
    public void a_clerk_does_not_pay_a_request_the_person_filed_online()
    {
        AssertRefused(ApplicationWorkflow.Pay(Submitted(), 200_000, "PAY-1", Requests.Clerk, Now, Policy), ApplicationErrorCodes.PayerNotAllowed, null);
    }

    [Fact]
    public void a_clerk_records_the_cash_payment_of_a_request_filed_at_the_counter_and_the_applicant_may_pay_it_too()
    {
        var filed = ApplicationWorkflow.Submit(Id, Requests.Own(), Requests.Clerk, Now, Policy);

        var byClerk = ApplicationWorkflow.Pay(Application.Replay(filed.Events), 200_000, "BL-0001234", Requests.Clerk, Now, Policy);
        var byApplicant = ApplicationWorkflow.Pay(Application.Replay(filed.Events), 200_000, "VNPAY-1", Requests.ApplicantActor, Now, Policy);

        Assert.Equal(Requests.Clerk, Assert.IsType<PaymentReceived>(Assert.Single(byClerk.Events)).By);
        Assert.Single(byApplicant.Events);
    }

    [Fact]
    public void procedural_agency_request_records_the_letter_trimmed_and_no_applicant()
    {
        var agency = new RequestingAgency(" VKS-DNA ", ProceduralAgencyKind.Procuracy, " 88/VKS-P2 ", new DateOnly(2025, 6, 1), "  ");

        var state = Submitted(Requests.ByAgency() with { Agency = agency, Applicant = Requests.Mother });

        Assert.Equal(new RequestingAgency("VKS-DNA", ProceduralAgencyKind.Procuracy, "88/VKS-P2", new DateOnly(2025, 6, 1)), state.Agency);
        Assert.Null(state.Applicant);
        Assert.Equal(Requests.Adult, state.Subject);
    }

    [Fact]
    public void fields_that_do_not_apply_to_the_requester_are_not_recorded()
    {
        var state = Submitted(Requests.Own() with { Relationship = AgentRelationship.Other, PowerOfAttorneyReference = "x" });

        Assert.Null(state.Relationship);
        Assert.Null(state.PowerOfAttorneyReference);
    }

    [Fact]
    public void the_ground_stated_for_a_reduced_or_waived_fee_is_recorded_trimmed_and_ignored_where_no_entitlement_is_claimed()
    {
        Assert.Equal("Sinh viên, thẻ số 2104", Submitted(Requests.Own() with { FeeCategory = FeeCategory.Reduced, FeeGround = " Sinh viên, thẻ số 2104 " }).FeeGround);
        Assert.Null(Submitted(Requests.Own() with { FeeGround = "Sinh viên" }).FeeGround);
        Assert.Null(Submitted(Requests.ByStateBody() with { FeeCategory = FeeCategory.Reduced, FeeGround = "Sinh viên" }).FeeGround);
    }

    [Fact]
    public void the_note_of_the_check_is_kept_for_the_approver()
    {
        var state = Paid();

        state = Then(state, ApplicationWorkflow.Check(state, CheckOutcome.NeedsDecision, "Complex case (LivedAbroad)", Actor.System, Now));

        Assert.Equal("Complex case (LivedAbroad)", state.CheckNote);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(199_999)]
    [InlineData(200_001)]
    [InlineData(400_000)]
    public void payment_of_any_other_amount_than_due_is_refused(long amount) =>
        AssertRefused(
            ApplicationWorkflow.Pay(Submitted(), amount, "PAY-1", Requests.ApplicantActor, Now, Policy),
            ApplicationErrorCodes.AmountMismatch,
            "amountVnd");

    [Fact]
    public void payment_completes_the_request_and_the_deadline_counts_from_it()
    {
        var state = Submitted();
        var paidAt = new DateTimeOffset(2025, 6, 5, 10, 0, 0, TimeSpan.FromHours(7));

        var decision = ApplicationWorkflow.Pay(state, 200_000, "PAY-1", Requests.ApplicantActor, paidAt, Policy);

        var payment = Assert.IsType<PaymentReceived>(Assert.Single(decision.Events));
        Assert.Equal(new DateOnly(2025, 6, 16), payment.Deadline.DueDate); // day 10 is Sunday 15 June
        state.Fold(decision.Events);
        Assert.Equal(ApplicationStatus.Paid, state.Status);
        Assert.Equal(paidAt, state.CompleteAt);
    }

    [Fact]
    public void paying_twice_with_the_same_reference_changes_nothing()
    {
        var state = Paid();

        var decision = ApplicationWorkflow.Pay(state, 200_000, "PAY-1", Requests.ApplicantActor, Now.AddMinutes(1), Policy);

        Assert.True(decision.IsSuccess);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void paying_twice_with_another_reference_is_refused()
    {
        AssertRefused(
            ApplicationWorkflow.Pay(Paid(), 200_000, "PAY-2", Requests.ApplicantActor, Now, Policy),
            ApplicationErrorCodes.AlreadyPaid,
            "reference");
    }

    [Fact]
    public void paying_an_approved_application_again_with_the_same_reference_changes_nothing()
    {
        var decision = ApplicationWorkflow.Pay(Approved(), 200_000, "PAY-1", Requests.ApplicantActor, Now, Policy);

        Assert.True(decision.IsSuccess);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void repeating_the_accepted_payment_after_a_rejection_changes_nothing_and_another_payment_is_refused()
    {
        var state = Paid();
        state = Then(state, ApplicationWorkflow.Reject(state, "Hồ sơ giả mạo", Requests.Approver, Now.AddHours(1)));

        var retry = ApplicationWorkflow.Pay(state, 200_000, "PAY-1", Requests.ApplicantActor, Now.AddHours(2), Policy);

        Assert.True(retry.IsSuccess, string.Join(", ", retry.Errors));
        Assert.Empty(retry.Events);
        AssertRefused(ApplicationWorkflow.Pay(state, 200_000, "PAY-2", Requests.ApplicantActor, Now.AddHours(2), Policy),
            ApplicationErrorCodes.InvalidTransition);
    }

    [Fact]
    public void payment_without_a_reference_is_refused()
    {
        AssertRefused(
            ApplicationWorkflow.Pay(Submitted(), 200_000, " ", Requests.ApplicantActor, Now, Policy),
            ApplicationErrorCodes.Required,
            "reference");
    }

    [Fact]
    public void mismatched_identity_ends_the_application_with_its_reason()
    {
        var state = IdentityMismatch();

        Assert.Equal(ApplicationStatus.Rejected, state.Status);
        Assert.Equal(IdentityStatus.Rejected, state.Identity);
        Assert.Equal("Ngày sinh không khớp với CSDL dân cư", state.RejectionReason);
        AssertRefused(
            ApplicationWorkflow.Pay(state, 200_000, "PAY-1", Requests.ApplicantActor, Now, Policy),
            ApplicationErrorCodes.InvalidTransition);
    }

    [Fact]
    public void confirming_the_identity_twice_changes_nothing()
    {
        var state = Paid();

        Assert.Empty(ApplicationWorkflow.ConfirmIdentity(state, "population-register", Actor.System, Now).Events);
    }

    [Fact]
    public void record_is_not_checked_before_the_identity_is_confirmed()
    {
        var state = Submitted();
        state = Then(state, ApplicationWorkflow.Pay(state, 200_000, "PAY-1", Requests.ApplicantActor, Now, Policy));

        AssertRefused(
            ApplicationWorkflow.Check(state, CheckOutcome.Clear, null, Requests.Clerk, Now),
            ApplicationErrorCodes.IdentityNotConfirmed);
    }

    [Theory]
    [InlineData(CheckOutcome.Clear, ApplicationStatus.AwaitingDecision)]
    [InlineData(CheckOutcome.NeedsDecision, ApplicationStatus.AwaitingDecision)]
    [InlineData(CheckOutcome.NeedsVerification, ApplicationStatus.NeedsVerification)]
    public void check_outcome_decides_the_next_state(CheckOutcome outcome, ApplicationStatus expected) =>
        Assert.Equal(expected, Checked(outcome).Status);

    [Fact]
    public void approval_records_the_approver_and_the_time()
    {
        var state = Approved();

        Assert.Equal(ApplicationStatus.Approved, state.Status);
        Assert.Equal(Requests.Approver, state.DecidedBy);
        Assert.Equal(Now.AddHours(2), state.DecidedAt);
    }

    [Fact]
    public void approving_twice_is_refused()
    {
        AssertRefused(ApplicationWorkflow.Approve(Approved(), Requests.Approver, Now), ApplicationErrorCodes.AlreadyDecided);
    }

    [Fact]
    public void approving_a_rejected_application_is_refused()
    {
        AssertRefused(ApplicationWorkflow.Approve(Rejected(), Requests.Approver, Now), ApplicationErrorCodes.AlreadyDecided);
    }

    [Fact]
    public void rejecting_an_approved_application_is_refused()
    {
        AssertRefused(ApplicationWorkflow.Reject(Approved(), "late doubt", Requests.Approver, Now), ApplicationErrorCodes.AlreadyDecided);
    }

    [Fact]
    public void rejection_needs_a_reason()
    {
        AssertRefused(ApplicationWorkflow.Reject(Checked(), "  ", Requests.Approver, Now), ApplicationErrorCodes.Required, "reason");
    }

    [Fact]
    public void rejection_records_the_reason()
    {
        var state = Rejected();

        Assert.Equal(ApplicationStatus.Rejected, state.Status);
        Assert.Equal("Hồ sơ giả mạo", state.RejectionReason);
        Assert.Equal(Requests.Approver, state.DecidedBy);
    }

    [Fact]
    public void verification_gives_15_days_from_completion_and_the_agency_its_working_days()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var requestId = Guid.NewGuid();

        var decision = ApplicationWorkflow.RequestVerification(
            state, requestId, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now.AddHours(1), Policy);

        var requested = Assert.IsType<VerificationRequested>(Assert.Single(decision.Events));
        Assert.Equal(new DateOnly(2025, 6, 17), requested.Deadline.DueDate);
        Assert.Equal(new DateOnly(2025, 6, 11), requested.AnswerDue.DueDate);
    }

    [Fact]
    public void an_urgent_request_keeps_its_24_hours_when_verification_is_asked_and_the_agency_must_answer_within_them_art_48_3()
    {
        var state = Checked(CheckOutcome.NeedsVerification, Requests.ByAgency(urgent: true));
        var urgent = state.Deadline!;

        state = Then(state, ApplicationWorkflow.RequestVerification(
            state, Guid.NewGuid(), "TAND-DNA", VerificationAgencyKind.Court, Requests.Clerk, Now, Policy));

        Assert.Equal(urgent, state.Deadline);
        Assert.Equal(urgent.DueAt, Assert.Single(state.Verifications).AnswerDue.DueAt);
    }

    [Fact]
    public void approver_decides_once_every_verification_is_answered()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var police = Guid.NewGuid();
        var court = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));
        state = Then(state, ApplicationWorkflow.RequestVerification(state, court, "TAND-DNA", VerificationAgencyKind.Court, Requests.Clerk, Now, Policy));
        AssertRefused(ApplicationWorkflow.Approve(state, Requests.Approver, Now), ApplicationErrorCodes.InvalidTransition);

        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, police, VerificationOutcome.ReferToCourt, "1/CA", Requests.Clerk, Now));
        Assert.Equal(ApplicationStatus.NeedsVerification, state.Status);
        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, court, VerificationOutcome.NoRecord, "2/TA", Requests.Clerk, Now));

        Assert.Equal(ApplicationStatus.AwaitingDecision, state.Status);
        Assert.Single(ApplicationWorkflow.Approve(state, Requests.Approver, Now).Events);
    }

    [Fact]
    public void once_an_agency_s_answer_is_overdue_an_approver_may_decide_without_it_giving_a_reason_and_a_late_answer_still_counts()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var police = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));
        var overdue = state.Verifications.Single().AnswerDue.DueAt;

        AssertRefused(ApplicationWorkflow.Approve(state, Requests.Approver, overdue.AddMinutes(-1), "Công an chưa trả lời"),
            ApplicationErrorCodes.InvalidTransition);
        AssertRefused(ApplicationWorkflow.Approve(state, Requests.Approver, overdue, "  "), ApplicationErrorCodes.Required, "reason");
        var decided = ApplicationWorkflow.Approve(state, Requests.Approver, overdue, " Công an chưa trả lời sau 7 ngày làm việc ");
        Assert.Collection(decided.Events,
            e => Assert.Equal("Công an chưa trả lời sau 7 ngày làm việc", Assert.IsType<VerificationWaived>(e).Reason),
            e => Assert.IsType<ApplicationApproved>(e));
        state = Then(state, decided);
        Assert.Equal(ApplicationStatus.Approved, state.Status);
        Assert.True(state.Verifications.Single().IsOpen);

        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, police, VerificationOutcome.NoRecord, "9/CA", Requests.Clerk, overdue.AddDays(2)));
        Assert.False(state.Verifications.Single().IsOpen);
        Assert.Equal(ApplicationStatus.Approved, state.Status);
    }

    /// <summary>Approved without the police files' answer, once it was overdue: the answer is still awaited.</summary>
    static (Application State, Guid Police, DateTimeOffset Overdue) ApprovedWithoutThePoliceAnswer()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var police = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));
        var overdue = state.Verifications.Single().AnswerDue.DueAt;
        state = Then(state, ApplicationWorkflow.Approve(state, Requests.Approver, overdue, "Công an chưa trả lời"));
        return (state, police, overdue);
    }

    [Fact]
    public void a_late_answer_before_the_approved_certificate_is_issued_contradicts_nothing_the_issuance_reads_it()
    {
        var (state, police, overdue) = ApprovedWithoutThePoliceAnswer();

        var decision = ApplicationWorkflow.RecordVerificationAnswer(
            state, police, VerificationOutcome.RecordFound, "88/CV-PV06", new Actor("CA-DNA", "police"), overdue, [Guid.NewGuid()], new DateOnly(2025, 6, 20));

        Assert.IsType<VerificationAnswered>(Assert.Single(decision.Events));
    }

    [Fact]
    public void a_late_answer_finding_a_printed_conviction_after_the_certificate_was_issued_contradicts_it_until_it_is_revoked()
    {
        var (state, police, overdue) = ApprovedWithoutThePoliceAnswer();
        state = Then(state, ApplicationWorkflow.MarkIssued(state, "LLTP-2025-000001", Actor.System, overdue));
        var conviction = Guid.NewGuid();
        var policeActor = new Actor("CA-DNA", "police");

        // The clock may not have moved: the answer counts as late because the decision was taken while it was open.
        var decision = ApplicationWorkflow.RecordVerificationAnswer(
            state, police, VerificationOutcome.RecordFound, "88/CV-PV06", policeActor, overdue, [conviction], new DateOnly(2025, 6, 20));

        var contradicted = Assert.IsType<CertificateContradicted>(decision.Events[1]);
        Assert.Equal(new CertificateContradicted(state.Id, police, "88/CV-PV06", new DateOnly(2025, 6, 20), contradicted.ConvictionIds, policeActor, overdue),
            contradicted);
        Assert.Equal([conviction], contradicted.ConvictionIds);
        state = Then(state, decision);
        Assert.Equal(ApplicationStatus.Issued, state.Status);
        Assert.True(state.IsContradicted());
        Assert.Empty(ApplicationWorkflow.RecordVerificationAnswer(
            state, police, VerificationOutcome.RecordFound, "88/CV-PV06", policeActor, overdue, [conviction], new DateOnly(2025, 6, 20)).Events);

        AssertRefused(ApplicationWorkflow.RecordRevocation(state, "LLTP-2025-000001", " ", Requests.Approver, overdue), ApplicationErrorCodes.Required, "reason");
        AssertRefused(ApplicationWorkflow.RecordRevocation(state, "LLTP-2025-000002", "Có án tích", Requests.Approver, overdue),
            ApplicationErrorCodes.InvalidValue, "certificateNumber");
        state = Then(state, ApplicationWorkflow.RecordRevocation(state, "LLTP-2025-000001", "Có án tích chưa được xóa", Requests.Approver, overdue));
        Assert.False(state.IsContradicted());
        Assert.Single(state.Contradictions);
        Assert.Empty(ApplicationWorkflow.RecordRevocation(state, "LLTP-2025-000001", "again", Requests.Approver, overdue).Events);
    }

    [Fact]
    public void an_answer_before_the_decision_or_to_a_rejected_application_or_finding_nothing_printed_contradicts_nothing()
    {
        var open = Checked(CheckOutcome.NeedsVerification);
        var police = Guid.NewGuid();
        open = Then(open, ApplicationWorkflow.RequestVerification(open, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));
        var rejected = Then(open.Clone(), ApplicationWorkflow.Reject(open, "Người yêu cầu rút hồ sơ", Requests.Approver, Now));
        var overdue = open.Verifications.Single().AnswerDue.DueAt;
        var approved = Then(open.Clone(), ApplicationWorkflow.Approve(open, Requests.Approver, overdue, "Công an chưa trả lời"));
        Guid[] found = [Guid.NewGuid()];

        Assert.Single(ApplicationWorkflow.RecordVerificationAnswer(open, police, VerificationOutcome.RecordFound, "1/CA", Requests.Clerk, Now, found, new DateOnly(2025, 6, 2)).Events);
        Assert.Single(ApplicationWorkflow.RecordVerificationAnswer(rejected, police, VerificationOutcome.RecordFound, "1/CA", Requests.Clerk, Now, found, new DateOnly(2025, 6, 2)).Events);
        Assert.Single(ApplicationWorkflow.RecordVerificationAnswer(approved, police, VerificationOutcome.RecordFound, "1/CA", Requests.Clerk, Now, [], new DateOnly(2025, 6, 2)).Events);
    }

    [Fact]
    public void a_referral_to_the_court_after_the_decision_still_asks_the_court_and_the_decision_stands()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var police = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));
        state = Then(state, ApplicationWorkflow.Reject(state, "Người yêu cầu rút hồ sơ", Requests.Approver, Now));
        var deadline = state.Deadline;

        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, police, VerificationOutcome.ReferToCourt, "1/CA", Requests.Clerk, Now));
        var court = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, court, "TAND-DNA", VerificationAgencyKind.Court, Actor.System, Now, Policy));

        Assert.Equal(ApplicationStatus.Rejected, state.Status);
        Assert.Equal(deadline, state.Deadline);
        Assert.True(state.Verifications.Single(v => v.RequestId == court).IsOpen);
        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, court, VerificationOutcome.NoRecord, "2/TA", Requests.Clerk, Now));
        Assert.Equal(ApplicationStatus.Rejected, state.Status);
        // Only the court is asked after a decision: the police files are asked before one.
        AssertRefused(ApplicationWorkflow.RequestVerification(state, Guid.NewGuid(), "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy),
            ApplicationErrorCodes.InvalidTransition);
    }

    [Fact]
    public void repeated_verification_request_and_answer_change_nothing()
    {
        var state = Checked(CheckOutcome.NeedsVerification);
        var requestId = Guid.NewGuid();
        state = Then(state, ApplicationWorkflow.RequestVerification(state, requestId, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy));

        Assert.Empty(ApplicationWorkflow.RequestVerification(state, requestId, "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy).Events);
        state = Then(state, ApplicationWorkflow.RecordVerificationAnswer(state, requestId, VerificationOutcome.NoRecord, null, Requests.Clerk, Now));
        var again = ApplicationWorkflow.RecordVerificationAnswer(state, requestId, VerificationOutcome.NoRecord, null, Requests.Clerk, Now);
        Assert.True(again.IsSuccess);
        Assert.Empty(again.Events);
    }

    [Fact]
    public void answer_to_an_unknown_verification_request_is_refused()
    {
        AssertRefused(
            ApplicationWorkflow.RecordVerificationAnswer(
                Checked(CheckOutcome.NeedsVerification), Guid.NewGuid(), VerificationOutcome.NoRecord, null, Requests.Clerk, Now),
            ApplicationErrorCodes.UnknownVerificationRequest,
            "requestId");
    }

    [Fact]
    public void issuing_twice_with_the_same_number_appends_nothing()
    {
        var state = Issued();

        var decision = ApplicationWorkflow.MarkIssued(state, "LLTP-2025-000001", Actor.System, Now.AddHours(4));

        Assert.True(decision.IsSuccess);
        Assert.Empty(decision.Events);
    }

    [Fact]
    public void issuing_a_second_certificate_is_refused()
    {
        AssertRefused(
            ApplicationWorkflow.MarkIssued(Issued(), "LLTP-2025-000002", Actor.System, Now),
            ApplicationErrorCodes.AlreadyIssued,
            "certificateNumber");
    }

    [Theory]
    [InlineData(DeliveryMethod.Electronic, ApplicationStatus.Issued, DeliveryStatus.None)]
    [InlineData(DeliveryMethod.Counter, ApplicationStatus.Issued, DeliveryStatus.ReadyForCollection)]
    [InlineData(DeliveryMethod.Post, ApplicationStatus.Issued, DeliveryStatus.DispatchRequested)]
    public void issuance_starts_the_delivery_the_applicant_chose(DeliveryMethod method, ApplicationStatus status, DeliveryStatus delivery)
    {
        var state = Issued(Requests.Own() with { Delivery = new(method, "12 Lê Lợi, Biên Hòa") });

        Assert.Equal(status, state.Status);
        Assert.Equal(delivery, state.DeliveryStatus);
        Assert.Equal("LLTP-2025-000001", state.CertificateNumber);
    }

    [Fact]
    public void dispatch_carries_the_postal_address()
    {
        var state = Approved(Requests.Own() with { Delivery = new(DeliveryMethod.Post, "12 Lê Lợi, Biên Hòa") });

        var events = ApplicationWorkflow.MarkIssued(state, "LLTP-2025-000001", Actor.System, Now).Events;

        Assert.Equal("12 Lê Lợi, Biên Hòa", Assert.IsType<DispatchRequested>(events[1]).Address);
    }

    [Fact]
    public void delivery_is_recorded_once()
    {
        var state = Issued();
        state = Then(state, ApplicationWorkflow.MarkDelivered(state, Requests.Clerk, Now.AddDays(1)));

        Assert.Equal(ApplicationStatus.Delivered, state.Status);
        Assert.Equal(Now.AddDays(1), state.DeliveredAt);
        Assert.Empty(ApplicationWorkflow.MarkDelivered(state, Requests.Clerk, Now.AddDays(2)).Events);
    }

    public static TheoryData<string, Func<Application>, Func<Application, Decision>> IllegalTransitions => new()
    {
        { "check an unpaid application", () => Submitted(), s => ApplicationWorkflow.Check(s, CheckOutcome.Clear, null, Requests.Clerk, Now) },
        { "approve an unpaid application", () => Submitted(), s => ApplicationWorkflow.Approve(s, Requests.Approver, Now) },
        { "approve an unchecked application", () => Paid(), s => ApplicationWorkflow.Approve(s, Requests.Approver, Now) },
        { "approve while verification is needed", () => Checked(CheckOutcome.NeedsVerification), s => ApplicationWorkflow.Approve(s, Requests.Approver, Now) },
        { "check twice", () => Checked(), s => ApplicationWorkflow.Check(s, CheckOutcome.Clear, null, Requests.Clerk, Now) },
        { "issue an unapproved application", () => Checked(), s => ApplicationWorkflow.MarkIssued(s, "N-1", Actor.System, Now) },
        { "issue a rejected application", () => Rejected(), s => ApplicationWorkflow.MarkIssued(s, "N-1", Actor.System, Now) },
        { "deliver before issuance", () => Approved(), s => ApplicationWorkflow.MarkDelivered(s, Requests.Clerk, Now) },
        { "request verification before the check", () => Paid(), s => ApplicationWorkflow.RequestVerification(s, Guid.NewGuid(), "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy) },
        { "request verification after approval", () => Approved(), s => ApplicationWorkflow.RequestVerification(s, Guid.NewGuid(), "CA-DNA", VerificationAgencyKind.PoliceFiles, Requests.Clerk, Now, Policy) },
        { "reject the identity after the check", () => Checked(), s => ApplicationWorkflow.RejectIdentity(s, "mismatch", Actor.System, Now) },
        { "reject the identity of a rejected application", () => Rejected(), s => ApplicationWorkflow.RejectIdentity(s, "mismatch", Actor.System, Now) },
        { "confirm an identity already found not to match", () => IdentityMismatch(), s => ApplicationWorkflow.ConfirmIdentity(s, "population-register", Actor.System, Now) },
    };

    [Theory]
    [MemberData(nameof(IllegalTransitions))]
    public void illegal_transition_is_refused_without_events(string because, Func<Application> given, Func<Application, Decision> when)
    {
        var decision = when(given());

        Assert.False(decision.IsSuccess, because);
        Assert.Empty(decision.Events);
        Assert.Equal(ApplicationErrorCodes.InvalidTransition, decision.Error!.Code);
    }

    [Theory]
    [InlineData(true, true, true, true)]
    [InlineData(false, true, true, false)]
    [InlineData(true, false, true, false)]
    [InlineData(true, true, false, false)]
    public void instant_issuance_needs_a_clear_record_a_confirmed_identity_and_the_authority_s_consent(
        bool recordIsUnambiguous, bool identityConfirmed, bool authorityEnabled, bool expected) =>
        Assert.Equal(expected, ApplicationWorkflow.CanAutoIssue(Paid(), recordIsUnambiguous, identityConfirmed, authorityEnabled));

    [Fact]
    public void instant_issuance_is_only_right_after_payment_and_never_for_an_agent()
    {
        Assert.False(ApplicationWorkflow.CanAutoIssue(Submitted(), true, true, true));
        Assert.False(ApplicationWorkflow.CanAutoIssue(Approved(), true, true, true));
        Assert.False(ApplicationWorkflow.CanAutoIssue(Paid(Requests.ByAgent(AgentRelationship.Parent)), true, true, true));
    }

    public static TheoryData<string, ApplicationRequest, bool, bool> Reviews => new()
    {
        { "own request, standard fee", Requests.Own(), false, false },
        { "agent", Requests.ByAgent(AgentRelationship.Parent), false, true },
        { "procedural agency (exempt by law)", Requests.ByAgency(), false, false },
        { "reduced fee claimed online", Requests.Own() with { FeeCategory = FeeCategory.Reduced }, false, true },
        { "exempt fee claimed online", Requests.Own() with { FeeCategory = FeeCategory.Exempt }, false, true },
        { "exempt fee filed by a clerk at the counter", Requests.Own() with { FeeCategory = FeeCategory.Exempt }, true, false },
    };

    /// <summary>Domain reference §4 (agents) and §6 (who pays less): what the service may not approve on its own.</summary>
    [Theory]
    [MemberData(nameof(Reviews))]
    public void an_agent_or_a_fee_entitlement_claimed_online_needs_review_before_the_service_approves(
        string because, ApplicationRequest request, bool atCounter, bool needsReview)
    {
        var submitted = ApplicationWorkflow.Submit(Id, request, atCounter ? Requests.Clerk : Requests.ApplicantActor, Now, Policy);
        Assert.True(submitted.IsSuccess, string.Join(", ", submitted.Errors));

        Assert.True(needsReview == ApplicationWorkflow.ReviewReason(Application.Replay(submitted.Events)) is not null, because);
    }

    [Fact]
    public void a_procedural_agency_s_clear_request_is_approved_by_the_service_as_filed()
    {
        var state = Paid(Requests.ByAgency(urgent: true));

        state = Then(state, ApplicationWorkflow.AutoApprove(state, recordIsUnambiguous: true, authorityEnabled: true, Now));

        Assert.Equal(ApplicationStatus.Approved, state.Status);
        Assert.Equal(Actor.System, state.DecidedBy);
    }

    [Fact]
    public void automatic_approval_checks_and_approves_in_the_service_s_name()
    {
        var state = Paid();

        state = Then(state, ApplicationWorkflow.AutoApprove(state, recordIsUnambiguous: true, authorityEnabled: true, Now));
        state = Then(state, ApplicationWorkflow.MarkIssued(state, "LLTP-2025-000009", Actor.System, Now));

        Assert.Equal(ApplicationStatus.Issued, state.Status);
        Assert.Equal(CheckOutcome.Clear, state.CheckOutcome);
        Assert.Equal(Actor.System, state.DecidedBy);
    }

    [Fact]
    public void automatic_approval_is_refused_when_the_record_is_ambiguous()
    {
        AssertRefused(ApplicationWorkflow.AutoApprove(Paid(), recordIsUnambiguous: false, authorityEnabled: true, Now), ApplicationErrorCodes.NotAutoIssuable);
    }

    [Fact]
    public void application_is_overdue_only_while_the_department_owes_an_answer()
    {
        var late = Now.AddDays(11);

        Assert.False(Submitted().IsOverdue(late));
        Assert.False(Paid().IsOverdue(Now.AddDays(10)));
        Assert.True(Paid().IsOverdue(late));
        Assert.True(Approved().IsOverdue(late));
        Assert.False(Issued().IsOverdue(late));
        Assert.False(Rejected().IsOverdue(late));
    }

    [Fact]
    public void replay_counts_one_version_per_event()
    {
        Assert.Equal(5, Approved().Version); // submitted, identity, payment, checked, approved
    }

    [Theory]
    [InlineData("1965-06-02", true)]  // 60 today (Law on the Elderly Art. 2)
    [InlineData("1965-06-03", false)] // 60 tomorrow
    public void an_elderly_applicant_is_exempt_by_age_without_claiming_it_and_nobody_reviews_it(string born, bool exempt)
    {
        var applicant = Requests.Person(DateOnly.Parse(born));

        var state = Submitted(Requests.Own(applicant));

        Assert.Equal(exempt ? 0 : 200_000, state.FeeVnd);
        Assert.Equal(exempt ? FeeCategory.Exempt : FeeCategory.Standard, state.FeeCategory);
        Assert.Null(ApplicationWorkflow.ReviewReason(state));
    }

    [Theory]
    [InlineData("2009-06-03", true)]  // 15, 16 tomorrow (Law on Children Art. 1)
    [InlineData("2009-06-02", false)] // 16 today
    public void a_childs_record_asked_by_a_parent_is_exempt_by_age(string born, bool exempt)
    {
        var request = Requests.ByAgent(AgentRelationship.Parent) with { Subject = Requests.Person(DateOnly.Parse(born)) };

        var state = Submitted(request);

        Assert.Equal(exempt ? 0 : 200_000, state.FeeVnd);
        Assert.Equal(exempt, state.ExemptByAge);
    }

    [Fact]
    public void a_waived_fee_claimed_online_by_someone_of_working_age_is_still_reviewed()
    {
        var state = Submitted(Requests.Own() with { FeeCategory = FeeCategory.Exempt });

        Assert.False(state.ExemptByAge);
        Assert.Contains("waived fee claimed online", ApplicationWorkflow.ReviewReason(state));
    }
}
