using JudicialRecords.Domain.AgencyRequests;
using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Tests.Applications;

namespace JudicialRecords.Domain.Tests.AgencyRequests;

public sealed class VerificationTests
{
    static readonly VerificationRules Rules = VerificationRules.Default;
    static readonly ApplicationPolicy Policy = ApplicationPolicy.Default;
    static readonly DateTimeOffset Now = Requests.Now;

    [Theory]
    [InlineData("1975-03-01", true)]
    [InlineData("1992-07-01", true)]
    [InlineData("1994-06-30", true)]
    [InlineData("1994-07-01", false)]
    [InlineData("1996-01-01", false)]
    public void only_someone_aged_16_before_july_2010_could_have_police_files_art_107(string born, bool could) =>
        Assert.Equal(could, VerificationTriggers.CouldHavePoliceFiles(DateOnly.Parse(born), Rules));

    [Fact]
    public void a_person_the_police_found_clean_is_not_asked_about_again_unless_a_release_is_to_verify()
    {
        var born = new DateOnly(1975, 1, 1);
        Assert.True(VerificationTriggers.MustAskPolice(born, policeFilesChecked: false, releaseToVerify: false, Rules));
        Assert.False(VerificationTriggers.MustAskPolice(born, policeFilesChecked: true, releaseToVerify: false, Rules));
        Assert.True(VerificationTriggers.MustAskPolice(born, policeFilesChecked: true, releaseToVerify: true, Rules));
        Assert.True(VerificationTriggers.MustAskPolice(new DateOnly(2000, 1, 1), policeFilesChecked: false, releaseToVerify: true, Rules));
        Assert.False(VerificationTriggers.MustAskPolice(new DateOnly(2000, 1, 1), false, false, Rules));
    }

    static Application Paid(ApplicationRequest? request = null)
    {
        var state = Application.Replay(ApplicationWorkflow.Submit(Guid.NewGuid(), request ?? Requests.Own(), Requests.ApplicantActor, Now, Policy).Events);
        state.Fold(ApplicationWorkflow.ConfirmIdentity(state, "population-register", Actor.System, Now).Events);
        state.Fold(ApplicationWorkflow.Pay(state, state.FeeVnd, "PAY-1", Requests.ApplicantActor, Now, Policy).Events);
        return state;
    }

    [Fact]
    public void a_procedural_agency_s_request_found_clear_after_verification_is_approved_by_the_service()
    {
        var state = Paid(Requests.ByAgency(urgent: true));
        var police = Guid.NewGuid();
        state.Fold(ApplicationWorkflow.SendForVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, "n", Actor.System, Now, Policy).Events);
        state.Fold(ApplicationWorkflow.RecordVerificationAnswer(state, police, VerificationOutcome.NoRecord, "12/CV", new Actor("CA-DNA", "police"), Now).Events);

        var approved = ApplicationWorkflow.ApproveAfterVerification(state, true, true, Now);

        Assert.Equal(Actor.System, Assert.IsType<ApplicationApproved>(Assert.Single(approved.Events)).By);
    }

    [Fact]
    public void sending_for_verification_checks_and_asks_in_one_step_and_gives_fifteen_days()
    {
        var state = Paid();
        var requestId = Guid.NewGuid();

        var decision = ApplicationWorkflow.SendForVerification(
            state, requestId, "CA-DNA", VerificationAgencyKind.PoliceFiles, "Adult before 2010", Actor.System, Now, Policy);

        Assert.True(decision.IsSuccess, string.Join(", ", decision.Errors));
        Assert.IsType<ApplicationChecked>(decision.Events[0]);
        var requested = Assert.IsType<VerificationRequested>(decision.Events[1]);
        Assert.Equal(requestId, requested.RequestId);
        // Monday 2 June 2025 + 15 days = Tuesday 17 June; police files answer in 7 working days = Wednesday 11 June.
        Assert.Equal(new DateOnly(2025, 6, 17), requested.Deadline.DueDate);
        Assert.Equal(new DateOnly(2025, 6, 11), requested.AnswerDue.DueDate);
        state.Fold(decision.Events);
        Assert.Equal(ApplicationStatus.NeedsVerification, state.Status);
    }

    [Fact]
    public void after_every_answer_a_clear_own_request_is_approved_by_the_service_and_otherwise_waits()
    {
        var state = Paid();
        var police = Guid.NewGuid();
        state.Fold(ApplicationWorkflow.SendForVerification(state, police, "CA-DNA", VerificationAgencyKind.PoliceFiles, "n", Actor.System, Now, Policy).Events);

        Assert.False(ApplicationWorkflow.ApproveAfterVerification(state, true, true, Now).IsSuccess);
        state.Fold(ApplicationWorkflow.RecordVerificationAnswer(state, police, VerificationOutcome.NoRecord, "12/CV", new Actor("CA-DNA", "police"), Now).Events);
        Assert.Equal(ApplicationStatus.AwaitingDecision, state.Status);

        Assert.Equal(ApplicationErrorCodes.NotAutoIssuable, ApplicationWorkflow.ApproveAfterVerification(state, false, true, Now).Error!.Code);
        Assert.False(ApplicationWorkflow.ApproveAfterVerification(state, true, authorityEnabled: false, Now).IsSuccess);
        var approved = ApplicationWorkflow.ApproveAfterVerification(state, true, true, Now);
        Assert.Equal(Actor.System, Assert.IsType<ApplicationApproved>(Assert.Single(approved.Events)).By);
    }

    [Fact]
    public void a_late_request_is_reminded_once_and_escalated_three_working_days_after_its_due_date()
    {
        var sent = new AgencyRequestSent(Guid.NewGuid(), Guid.NewGuid(), "CA-DNA", VerificationAgencyKind.PoliceFiles,
            Requests.Person(new DateOnly(1975, 1, 1)), Deadlines.AgencyAnswerDue(Now, VerificationAgencyKind.PoliceFiles, WorkingCalendar.Vietnam, DeadlineRules.Default), Now);
        var state = AgencyRequest.Replay([sent]);
        var calendar = WorkingCalendar.Vietnam;

        Assert.Empty(AgencyRequestChase.Due(state, Now.AddDays(3), calendar, Rules));
        // Due Wednesday 11 June: on Thursday 12 June a reminder only.
        var thursday = new DateTimeOffset(2025, 6, 12, 9, 0, 0, TimeSpan.FromHours(7));
        var reminded = Assert.Single(AgencyRequestChase.Due(state, thursday, calendar, Rules));
        Assert.IsType<AgencyRequestReminded>(reminded);
        state.Apply(reminded);
        Assert.Empty(AgencyRequestChase.Due(state, thursday.AddHours(1), calendar, Rules));
        // Three working days after the 11th are 12, 13 and 16 June: escalated from Tuesday 17 June.
        Assert.Empty(AgencyRequestChase.Due(state, new DateTimeOffset(2025, 6, 16, 23, 0, 0, TimeSpan.FromHours(7)), calendar, Rules));
        var escalated = Assert.Single(AgencyRequestChase.Due(state, new DateTimeOffset(2025, 6, 17, 8, 0, 0, TimeSpan.FromHours(7)), calendar, Rules));
        Assert.IsType<AgencyRequestEscalated>(escalated);

        state.Apply(new AgencyRequestAnswered(sent.RequestId, VerificationOutcome.NoRecord, "1/CV", new DateOnly(2025, 6, 18), [], "CA-DNA", "00", Now.AddDays(16)));
        Assert.Empty(AgencyRequestChase.Due(state, Now.AddDays(30), calendar, Rules));
    }
}
