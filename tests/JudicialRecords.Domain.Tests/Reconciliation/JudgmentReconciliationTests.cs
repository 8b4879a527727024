using JudicialRecords.Domain.Reconciliation;

namespace JudicialRecords.Domain.Tests.Reconciliation;

public sealed class JudgmentReconciliationTests
{
    static readonly Period Q3 = new(new DateOnly(2026, 7, 1), new DateOnly(2026, 9, 30));

    static ListedJudgment Listed(string number, string date, string personalId) => new(number, DateOnly.Parse(date), personalId);

    static HeldJudgment Held(string number, string date, string personalId, string? annulledOn = null, string source = "TAND-DNA") =>
        new(Guid.NewGuid(), number, DateOnly.Parse(date), personalId, source, annulledOn is null ? null : DateOnly.Parse(annulledOn));

    [Fact]
    public void each_side_gets_what_the_other_misses_and_what_differs()
    {
        var same = Held("10/2026/HS-ST", "2026-07-10", "075090000001");
        var otherPerson = Held("20/2026/HS-ST", "2026-08-05", "075090000002");
        var otherDate = Held("30/2026/HS-ST", "2026-09-01", "075090000003");
        var unlisted = Held("40/2026/HS-ST", "2026-08-20", "075090000004");

        var result = JudgmentReconciliation.Compare(Q3,
        [
            Listed("10/2026/HS-ST", "2026-07-10", "075090000001"),
            Listed("20/2026/HS-ST", "2026-08-05", "075090000009"),
            Listed("30/2026/HS-ST", "2026-09-02", "075090000003"),
            Listed("50/2026/HS-ST", "2026-09-15", "075090000005"),
        ], [same, otherPerson, otherDate, unlisted]);

        Assert.Equal((4, 4, 1), (result.CourtCount, result.DepartmentCount, result.Matched));
        Assert.Equal([Listed("50/2026/HS-ST", "2026-09-15", "075090000005")], result.MissingHere);
        Assert.Equal([unlisted], result.MissingAtCourt);
        Assert.Collection(result.Mismatched,
            m =>
            {
                Assert.Equal(otherPerson, m.Department);
                Assert.Equal("075090000009", m.Court.PersonalId);
                Assert.Equal([MismatchedField.PersonalId], m.Fields);
            },
            m =>
            {
                Assert.Equal(otherDate, m.Department);
                Assert.Equal([MismatchedField.JudgmentDate], m.Fields);
            });
        Assert.Empty(result.Annulled);
    }

    [Fact]
    public void a_judgment_number_written_with_other_case_or_spacing_is_the_same_judgment()
    {
        // A police file's "12/2026/hsst " is the court's "12/2026/HSST", as the record itself compares them.
        var held = Held("12/2026/hsst ", "2026-07-10", "075090000001");

        var result = JudgmentReconciliation.Compare(Q3, [Listed("12/2026/HSST", "2026-07-10", "075090000001")], [held]);

        Assert.Equal(1, result.Matched);
        Assert.Empty(result.MissingHere);
        Assert.Empty(result.MissingAtCourt);
    }

    [Fact]
    public void a_judgment_held_under_a_date_outside_the_period_is_a_date_mismatch_and_other_judgments_outside_it_are_none_of_its_business()
    {
        var heldInJune = Held("7/2026/HS-ST", "2026-06-30", "075090000001");
        var otherJune = Held("8/2026/HS-ST", "2026-06-15", "075090000002");

        var result = JudgmentReconciliation.Compare(Q3, [Listed("7/2026/HS-ST", "2026-07-01", "075090000001")], [heldInJune, otherJune]);

        Assert.Equal(0, result.DepartmentCount);
        var mismatch = Assert.Single(result.Mismatched);
        Assert.Equal(heldInJune, mismatch.Department);
        Assert.Equal([MismatchedField.JudgmentDate], mismatch.Fields);
        Assert.Empty(result.MissingHere);
        Assert.Empty(result.MissingAtCourt);
    }

    [Fact]
    public void co_defendants_are_matched_person_by_person_and_leftovers_are_paired_only_when_one_is_left_on_each_side()
    {
        var a = Held("9/2026/HS-ST", "2026-08-01", "075090000001");
        var b = Held("9/2026/HS-ST", "2026-08-01", "075090000002");
        var c = Held("9/2026/HS-ST", "2026-08-01", "075090000003");

        var onePair = JudgmentReconciliation.Compare(Q3,
            [Listed("9/2026/HS-ST", "2026-08-01", "075090000001"), Listed("9/2026/HS-ST", "2026-08-01", "075190000002")], [a, b]);
        Assert.Equal(1, onePair.Matched);
        var mismatch = Assert.Single(onePair.Mismatched);
        Assert.Equal((b, "075190000002"), (mismatch.Department, mismatch.Court.PersonalId));
        Assert.Empty(onePair.MissingHere);
        Assert.Empty(onePair.MissingAtCourt);

        var ambiguous = JudgmentReconciliation.Compare(Q3,
            [Listed("9/2026/HS-ST", "2026-08-01", "075090000001"), Listed("9/2026/HS-ST", "2026-08-01", "075190000009")], [a, b, c]);
        Assert.Equal(1, ambiguous.Matched);
        Assert.Empty(ambiguous.Mismatched);
        Assert.Equal([Listed("9/2026/HS-ST", "2026-08-01", "075190000009")], ambiguous.MissingHere);
        Assert.Equal([b, c], ambiguous.MissingAtCourt);
    }

    [Fact]
    public void an_annulled_judgment_does_not_count_as_held_and_is_reported_apart_when_the_court_lists_it()
    {
        var annulled = Held("3/2026/HS-ST", "2026-07-03", "075090000001", annulledOn: "2026-10-01");
        var annulledUnlisted = Held("4/2026/HS-ST", "2026-07-04", "075090000002", annulledOn: "2026-10-01");

        var result = JudgmentReconciliation.Compare(Q3, [Listed("3/2026/HS-ST", "2026-07-03", "075090000001")], [annulled, annulledUnlisted]);

        Assert.Equal((1, 0, 0), (result.CourtCount, result.DepartmentCount, result.Matched));
        Assert.Equal([annulled], result.Annulled);
        Assert.Empty(result.MissingHere);
        Assert.Empty(result.MissingAtCourt);
        Assert.Empty(result.Mismatched);
    }

    [Fact]
    public void an_empty_list_leaves_everything_held_in_the_period_missing_at_the_court_in_date_order()
    {
        var late = Held("2/2026/HS-ST", "2026-09-30", "075090000002", source: "CA-DNA");
        var early = Held("1/2026/HS-ST", "2026-07-01", "075090000001");

        var result = JudgmentReconciliation.Compare(Q3, [], [late, early]);

        Assert.Equal((0, 2, 0), (result.CourtCount, result.DepartmentCount, result.Matched));
        Assert.Equal([early, late], result.MissingAtCourt);
    }

    [Theory]
    [InlineData("2026-Q3", 2026, 7, 1, 9, 30)]
    [InlineData("2024-q1", 2024, 1, 1, 3, 31)]
    [InlineData("2025-Q4", 2025, 10, 1, 12, 31)]
    public void a_quarter_runs_from_its_first_to_its_last_day(string text, int year, int fromMonth, int fromDay, int toMonth, int toDay)
    {
        var quarter = Quarter.Parse(text).Value;
        Assert.Equal(new DateOnly(year, fromMonth, fromDay), quarter.From);
        Assert.Equal(new DateOnly(year, toMonth, toDay), quarter.To);
        Assert.Equal(text.ToUpperInvariant(), quarter.ToString());
        Assert.Equal(quarter, Quarter.Of(quarter.To));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("2026-Q5")]
    [InlineData("2026-Q0")]
    [InlineData("2026Q3")]
    [InlineData("26-Q3")]
    [InlineData("2026-03")]
    public void a_quarter_is_written_year_dash_q_and_a_number_from_one_to_four(string? text)
    {
        var parsed = Quarter.Parse(text);
        Assert.False(parsed.IsSuccess);
        Assert.Equal("quarter", parsed.Error!.Field);
    }

    [Fact]
    public void a_quarter_is_reconciled_when_one_period_covers_it_whole()
    {
        var q3 = Quarter.Parse("2026-Q3").Value;
        Assert.Equal(ReconciliationCoverage.Reconciled,
            JudgmentReconciliation.CoverageOf(q3, [new Period(new DateOnly(2026, 1, 1), new DateOnly(2026, 9, 30))]));
        Assert.Equal(ReconciliationCoverage.Partial, JudgmentReconciliation.CoverageOf(q3,
            [new Period(new DateOnly(2026, 7, 1), new DateOnly(2026, 8, 31)), new Period(new DateOnly(2026, 9, 1), new DateOnly(2026, 9, 30))]));
        Assert.Equal(ReconciliationCoverage.NotReconciled,
            JudgmentReconciliation.CoverageOf(q3, [new Period(new DateOnly(2026, 4, 1), new DateOnly(2026, 6, 30))]));
        Assert.Equal(ReconciliationCoverage.NotReconciled, JudgmentReconciliation.CoverageOf(q3, []));
    }
}
