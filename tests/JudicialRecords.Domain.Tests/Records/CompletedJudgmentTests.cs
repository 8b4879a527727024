using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Tests.Records;

public sealed class CompletedJudgmentTests
{
    static readonly DateOnly Completed = new(2009, 5, 1);
    static readonly PersonDetails Person = new(
        "075075000123", "Trần Văn Bình", [], new DateOnly(1975, 4, 12), Sex.Male, null, "Việt Nam", null, null, null, null, null);

    static JudgmentTookEffect Judgment(PrincipalPenalty principal, SupplementaryPenalty[]? supplementary = null, long fee = 0,
        CivilObligation[]? civil = null) =>
        new(Guid.NewGuid(), "TAND-DNA", "12/2006/HSST", new(2006, 3, 10), new(2006, 3, 25), "TAND-DNA", new(2005, 11, 2), Person,
            new JudgmentTerms([RecordBuilder.Theft], principal, supplementary ?? []), fee, civil ?? []);

    [Fact]
    public void a_served_prison_term_with_fee_and_damages_yields_every_completion_on_that_day()
    {
        var judgment = Judgment(RecordBuilder.Prison(24), fee: 200_000, civil: [new("Bồi thường", 5_000_000)]);

        var events = CompletedJudgment.FollowUps(judgment, Completed, "CA-DNA", "GCN-1");

        Assert.Collection(events,
            e => Assert.IsType<PrincipalPenaltyCompleted>(e),
            e => Assert.IsType<CivilObligationsCompleted>(e),
            e => Assert.Equal(200_000, Assert.IsType<CourtFeePaid>(e).AmountVnd));
        Assert.All(events, e => { Assert.Equal(Completed, e.EffectiveDate); Assert.Equal("CA-DNA", e.Source); });
    }

    [Fact]
    public void the_completions_are_dated_as_the_document_that_reports_them_and_take_effect_on_the_day_served()
    {
        var answered = new DateOnly(2026, 3, 2);

        var reported = CompletedJudgment.FollowUps(Judgment(RecordBuilder.Prison(24), fee: 200_000), Completed, "CA-DNA", "88/CV-PV06", answered);
        var digitised = CompletedJudgment.FollowUps(Judgment(RecordBuilder.Prison(24)), Completed, "CA-DNA", "12/2006/HSST");

        Assert.All(reported, e => { Assert.Equal(answered, e.DocumentDate); Assert.Equal(Completed, e.EffectiveDate); });
        Assert.All(digitised, e => Assert.Equal(Completed, e.DocumentDate));
    }

    [Fact]
    public void a_suspended_sentence_completes_its_probation_not_a_prison_term()
    {
        var events = CompletedJudgment.FollowUps(Judgment(RecordBuilder.Principal(PrincipalPenaltyType.Imprisonment, 12, suspended: true)),
            Completed, "CA-DNA", "GCN-2");

        Assert.IsType<ProbationCompleted>(Assert.Single(events));
    }

    [Fact]
    public void fines_are_paid_and_time_limited_supplementary_penalties_completed()
    {
        var judgment = Judgment(RecordBuilder.Principal(PrincipalPenaltyType.Fine),
            supplementary: [new(SupplementaryPenaltyType.BanFromPosts, 24, null), new(SupplementaryPenaltyType.Fine, null, null)]);

        var events = CompletedJudgment.FollowUps(judgment, Completed, "THADS-DNA", "QĐ-3");

        Assert.Contains(events, e => e is PrincipalPenaltyCompleted);
        Assert.Equal(SupplementaryPenaltyType.BanFromPosts, Assert.Single(events.OfType<SupplementaryPenaltyCompleted>()).PenaltyType);
        Assert.Equal(20_000_000, Assert.Single(events.OfType<FinePaid>()).AmountVnd);
    }

    [Fact]
    public void replaying_the_events_gives_the_same_record_as_applying_them_one_by_one()
    {
        var judgment = Judgment(RecordBuilder.Prison(24));
        var events = new List<IRecordEvent> { judgment };
        events.AddRange(CompletedJudgment.FollowUps(judgment, Completed, "CA-DNA", "GCN-4"));

        var record = CriminalRecord.Replay(Person.PersonalId, events);

        Assert.Equal(2, record.Version);
        Assert.Equal(Completed, record.FindConviction(judgment.ConvictionId)!.PrincipalPenaltyCompletedOn);
    }

    public static TheoryData<string, PrincipalPenalty, DateOnly?> Courses => new()
    {
        { "a warning: at once", RecordBuilder.Principal(PrincipalPenaltyType.Warning), new DateOnly(2016, 6, 1) },
        { "a fine: at once", RecordBuilder.Principal(PrincipalPenaltyType.Fine), new DateOnly(2016, 6, 1) },
        { "24 months' prison: two years on", RecordBuilder.Prison(24), new DateOnly(2018, 6, 1) },
        { "suspended, 24 months' probation: its end", RecordBuilder.Principal(PrincipalPenaltyType.Imprisonment, 12, suspended: true), new DateOnly(2018, 6, 1) },
        { "non-custodial reform for 18 months", RecordBuilder.Principal(PrincipalPenaltyType.NonCustodialReform, 18), new DateOnly(2017, 12, 1) },
        { "life: never", RecordBuilder.Principal(PrincipalPenaltyType.Life), null },
        { "death: never", RecordBuilder.Principal(PrincipalPenaltyType.Death), null },
    };

    /// <summary>The latest day a penalty would have been served, after which an unreported completion is to verify (domain reference §5).</summary>
    [Theory]
    [MemberData(nameof(Courses))]
    public void a_penalty_runs_its_course_by_the_end_of_its_term_from_the_day_the_judgment_took_effect(
        string because, PrincipalPenalty principal, DateOnly? expected)
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(principal, new DateOnly(2015, 10, 1), effectiveDate: new DateOnly(2016, 6, 1));

        Assert.True(expected == builder.Record.FindConviction(id)!.RanItsCourseBy(new DateOnly(2026, 1, 1)), because);
    }

    [Fact]
    public void a_judgment_on_record_completed_later_yields_the_same_completions_as_a_completed_old_file()
    {
        var judgment = Judgment(RecordBuilder.Prison(24), fee: 200_000, civil: [new("Bồi thường", 5_000_000)]);
        var record = CriminalRecord.Replay(Person.PersonalId, [judgment]);

        var later = CompletedJudgment.FollowUps(record.FindConviction(judgment.ConvictionId)!, Completed, "CA-DNA", "GCN-5");

        Assert.Equal(CompletedJudgment.FollowUps(judgment, Completed, "CA-DNA", "GCN-5"), later);
    }

    [Fact]
    public void a_files_completion_does_not_move_a_fact_the_enforcement_office_reported_to_an_earlier_date()
    {
        // 2 years' imprisonment with compensation: THADS certified it paid on 2023-06-01; the police files say "served in full" on
        // 2017-01-10. Art. 70(2): the period runs from the last of them, so the record stays active until 2025-06-01.
        var judgment = Judgment(RecordBuilder.Prison(24), civil: [new("Bồi thường", 5_000_000)]);
        var paid = new CivilObligationsCompleted(judgment.ConvictionId, "THADS-DNA", "9/XN-THA", new DateOnly(2023, 6, 1), new DateOnly(2023, 6, 1));
        var record = CriminalRecord.Replay(Person.PersonalId, [judgment, paid]);
        var conviction = record.FindConviction(judgment.ConvictionId)!;

        var followUps = CompletedJudgment.FollowUps(conviction, new DateOnly(2017, 1, 10), "CA-DNA", "88/CV-PV06");

        Assert.DoesNotContain(followUps, e => e is CivilObligationsCompleted);
        Assert.Contains(followUps, e => e is PrincipalPenaltyCompleted);
        var after = CriminalRecord.Replay(Person.PersonalId, [judgment, paid, .. followUps]);
        Assert.Equal(ExpungementStatus.Active, after.ExpungementAsOf(after.FindConviction(judgment.ConvictionId)!, new DateOnly(2025, 5, 31)).Status);
        Assert.Equal(ExpungementStatus.Expunged, after.ExpungementAsOf(after.FindConviction(judgment.ConvictionId)!, new DateOnly(2025, 6, 1)).Status);
    }
}
