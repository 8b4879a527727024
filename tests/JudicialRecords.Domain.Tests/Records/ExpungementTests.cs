using JudicialRecords.Domain.Records;
using static JudicialRecords.Domain.Records.PrincipalPenaltyType;
using static JudicialRecords.Domain.Tests.Records.ExpungementAssert;
using static JudicialRecords.Domain.Tests.Records.RecordBuilder;

namespace JudicialRecords.Domain.Tests.Records;

public sealed class ExpungementTests
{
    private static readonly DateOnly OffenceDate = new(2019, 3, 1);
    private static readonly DateOnly JudgmentEffective = new(2019, 9, 1);
    private static readonly DateOnly Served = new(2020, 3, 15);

    [Theory]
    [InlineData(Warning, null, false)]
    [InlineData(Fine, null, false)]
    [InlineData(NonCustodialReform, 12, false)]
    [InlineData(Imprisonment, 36, true)]
    public void art70_2a_warning_fine_reform_suspended_one_year(PrincipalPenaltyType type, int? months, bool suspended)
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Principal(type, months, suspended), OffenceDate, JudgmentEffective);
        // A warning is carried out when the judgment takes effect.
        var completed = type == Warning ? JudgmentEffective : Served;
        builder.Completed(id, completed);

        ExpungedExactlyOn(builder, id, completed.AddYears(1), "Art. 70(2)(a)");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(60)]
    public void art70_2b_imprisonment_up_to_five_years_two_years(int months) =>
        AssertImprisonmentPeriod(Prison(months), years: 2, "Art. 70(2)(b)");

    [Theory]
    [InlineData(61)]
    [InlineData(180)]
    public void art70_2c_imprisonment_over_five_to_fifteen_years_three_years(int months) =>
        AssertImprisonmentPeriod(Prison(months), years: 3, "Art. 70(2)(c)");

    [Theory]
    [InlineData(Imprisonment, 181)]
    [InlineData(Imprisonment, 360)]
    [InlineData(Life, null)]
    public void art70_2d_imprisonment_over_fifteen_years_or_life_five_years(PrincipalPenaltyType type, int? months) =>
        AssertImprisonmentPeriod(Principal(type, months), years: 5, "Art. 70(2)(d)");

    [Fact]
    public void art70_2d_commuted_death_sentence_five_years()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Principal(Death), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new DeathSentenceCommuted(id, "CTN", doc, new(2020, 1, 1), new(2020, 1, 1)));
        builder.Completed(id, new DateOnly(2045, 1, 1));

        ExpungedExactlyOn(builder, id, new DateOnly(2050, 1, 1), "Art. 70(2)(d)");
    }

    [Fact]
    public void art70_2d_death_sentence_not_commuted_is_never_expunged()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Principal(Death), OffenceDate, JudgmentEffective);

        var result = builder.StatusOf(id, new DateOnly(2100, 1, 1));

        Assert.Equal(ExpungementStatus.Active, result.Status);
        Assert.Null(result.DueOn);
    }

    [Fact]
    public void art70_1_conviction_stays_active_while_principal_penalty_is_unserved()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);

        var result = builder.StatusOf(id, new DateOnly(2060, 1, 1));

        Assert.Equal(ExpungementStatus.Active, result.Status);
        Assert.Null(result.DueOn);
        Assert.Contains("not yet served", result.Basis, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("fine", "2020-09-01")]
    [InlineData("civil", "2021-01-10")]
    [InlineData("fee", "2020-05-20")]
    public void art70_2_period_runs_from_the_last_of_principal_penalty_fine_civil_obligations_and_court_fee(string last, string lastPaid)
    {
        var lastOn = DateOnly.Parse(lastPaid, System.Globalization.CultureInfo.InvariantCulture);
        var builder = new RecordBuilder();
        var id = builder.Convict(
            Prison(12), OffenceDate, JudgmentEffective,
            supplementary: [new SupplementaryPenalty(SupplementaryPenaltyType.Fine, null, "10.000.000 đồng")],
            courtFeeVnd: 200_000,
            civilObligations: [new CivilObligation("Bồi thường cho bị hại", 5_000_000)]);
        builder.Completed(id, Served);
        builder.Apply(doc => new FinePaid(id, "THADS-DNA", doc, Served, last == "fine" ? lastOn : Served, 10_000_000));
        builder.Apply(doc => new CivilObligationsCompleted(id, "THADS-DNA", doc, Served, last == "civil" ? lastOn : Served));
        builder.Apply(doc => new CourtFeePaid(id, "THADS-DNA", doc, Served, last == "fee" ? lastOn : Served, 200_000));

        ExpungedExactlyOn(builder, id, lastOn.AddYears(2), "Art. 70(2)(b)");
    }

    [Fact]
    public void art70_2_unpaid_court_fee_keeps_the_conviction_active()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(12), OffenceDate, JudgmentEffective, courtFeeVnd: 200_000);
        builder.Completed(id, Served);

        var result = builder.StatusOf(id, new DateOnly(2040, 1, 1));

        Assert.Equal(ExpungementStatus.Active, result.Status);
        Assert.Equal("Art. 70(2)(b): court fee payment not yet done", result.Basis);
    }

    [Theory]
    [InlineData(SupplementaryPenaltyType.SupervisedResidence, 36, "2023-03-15", "2023-03-15")]
    [InlineData(SupplementaryPenaltyType.ResidenceBan, 48, "2024-03-15", "2024-03-15")]
    [InlineData(SupplementaryPenaltyType.CivicRightsDeprivation, 12, "2021-03-15", "2022-03-15")]
    public void art70_2_supplementary_penalty_ending_after_the_period_extends_it_to_its_end(
        SupplementaryPenaltyType type, int months, string supplementaryEnded, string expected)
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(
            Prison(24), OffenceDate, JudgmentEffective,
            supplementary: [new SupplementaryPenalty(type, months, null)]);
        builder.Completed(id, Served);
        var ended = DateOnly.Parse(supplementaryEnded, System.Globalization.CultureInfo.InvariantCulture);
        builder.Apply(doc => new SupplementaryPenaltyCompleted(id, "CA-DNA", doc, ended, ended, type));

        var expectedOn = DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture);
        ExpungedExactlyOn(builder, id, expectedOn, "Art. 70(2)(b)", dueKnownTheDayBefore: expectedOn != ended);
    }

    [Fact]
    public void art70_2_uncompleted_supplementary_penalty_keeps_the_conviction_active()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(
            Prison(24), OffenceDate, JudgmentEffective,
            supplementary: [new SupplementaryPenalty(SupplementaryPenaltyType.BanFromPosts, 24, "chức vụ kế toán")]);
        builder.Completed(id, Served);

        var result = builder.StatusOf(id, new DateOnly(2040, 1, 1));

        Assert.Equal(ExpungementStatus.Active, result.Status);
        Assert.Contains("BanFromPosts", result.Basis, StringComparison.Ordinal);
    }

    [Fact]
    public void art73_2_new_offence_during_the_period_restarts_the_old_period_from_the_new_completion()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        // Inside the old one-year period (until 2021-01-01).
        var newer = builder.Convict(Prison(12), new DateOnly(2020, 6, 1), new DateOnly(2020, 9, 1));
        builder.Completed(newer, new DateOnly(2021, 9, 1));

        // Restart: 2021-09-01 + the old one-year period = 2022-09-01, though the new conviction stays until 2023-09-01.
        ExpungedExactlyOn(builder, old, new DateOnly(2022, 9, 1), "Art. 70(2)(a), Art. 73(2)");
        ExpungedExactlyOn(builder, newer, new DateOnly(2023, 9, 1), "Art. 70(2)(b)");
    }

    [Fact]
    public void art73_2_restarted_period_is_the_old_convictions_own_period_from_the_new_completion()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Prison(36), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        var newer = builder.Convict(Principal(Fine), new DateOnly(2021, 1, 1), new DateOnly(2021, 3, 1));
        builder.Completed(newer, new DateOnly(2021, 6, 1));

        ExpungedExactlyOn(builder, old, new DateOnly(2023, 6, 1), "Art. 70(2)(b), Art. 73(2)");
        ExpungedExactlyOn(builder, newer, new DateOnly(2022, 6, 1), "Art. 70(2)(a)");
    }

    [Fact]
    public void art70_2_art60_a_penalty_whose_enforcement_lapsed_counts_as_served_from_the_lapse()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);
        // Never enforced: the five years of Art. 60(2)(a) ran out on 2024-09-01.
        builder.Apply(doc => new EnforcementLimitationLapsed(id, "CA-DNA", doc, new(2024, 9, 1), new(2024, 9, 1)));

        ExpungedExactlyOn(builder, id, new DateOnly(2026, 9, 1), "Art. 70(2)(b), Art. 60");
    }

    [Fact]
    public void art70_2_art60_a_principal_fine_never_paid_whose_enforcement_lapsed_counts_as_served_from_the_lapse()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new EnforcementLimitationLapsed(id, "CA-DNA", doc, new(2024, 9, 1), new(2024, 9, 1)));

        ExpungedExactlyOn(builder, id, new DateOnly(2025, 9, 1), "Art. 70(2)(a), Art. 60");
    }

    [Fact]
    public void art62_art73_4_a_principal_fine_the_court_remitted_counts_as_served_from_the_exemption()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new SentenceExempted(id, "CA-DNA", doc, new(2021, 3, 1), new(2021, 3, 10)));

        ExpungedExactlyOn(builder, id, new DateOnly(2022, 3, 10), "Art. 70(2)(a), Art. 62, Art. 73(4)");
    }

    [Fact]
    public void art62_art73_4_exemption_from_the_rest_of_the_sentence_counts_as_served()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new SentenceExempted(id, "CA-DNA", doc, new(2020, 3, 1), new(2020, 3, 10)));

        ExpungedExactlyOn(builder, id, new DateOnly(2022, 3, 10), "Art. 70(2)(b), Art. 62, Art. 73(4)");
    }

    [Fact]
    public void art70_2_art60_a_penalty_served_before_its_enforcement_would_have_lapsed_counts_from_the_serving()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);
        builder.Completed(id, Served);
        builder.Apply(doc => new EnforcementLimitationLapsed(id, "CA-DNA", doc, new(2024, 9, 1), new(2024, 9, 1)));

        ExpungedExactlyOn(builder, id, Served.AddYears(2), "Art. 70(2)(b)");
    }

    [Fact]
    public void art73_2_an_offence_in_the_time_a_restart_added_restarts_the_period_again()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Prison(120), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        // Within the old three-year period (until 2023-01-01): restarts it to 2022-08-01 + 3 years = 2025-08-01.
        var first = builder.Convict(Principal(Fine), new DateOnly(2022, 6, 1), new DateOnly(2022, 7, 1));
        builder.Completed(first, new DateOnly(2022, 8, 1));
        // After the original end but before the restarted one, and after the first new conviction's own end
        // (2023-08-01): the old conviction is not yet expunged, so this restarts it again, to 2024-03-01 + 3 years.
        var second = builder.Convict(Principal(Fine), new DateOnly(2024, 1, 1), new DateOnly(2024, 2, 1));
        builder.Completed(second, new DateOnly(2024, 3, 1));

        ExpungedExactlyOn(builder, old, new DateOnly(2027, 3, 1), "Art. 70(2)(c), Art. 73(2)");
        ExpungedExactlyOn(builder, first, new DateOnly(2023, 8, 1), "Art. 70(2)(a)");
    }

    [Fact]
    public void art73_2_offence_committed_on_the_day_of_expungement_does_not_restart()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        builder.Convict(Prison(12), new DateOnly(2021, 1, 1), new DateOnly(2021, 4, 1));

        ExpungedExactlyOn(builder, old, new DateOnly(2021, 1, 1), "Art. 70(2)(a)");
    }

    [Fact]
    public void art73_2_new_offence_counts_only_once_its_judgment_took_effect()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        builder.Convict(Prison(12), new DateOnly(2020, 6, 1), new DateOnly(2021, 6, 1));

        Assert.Equal(ExpungementStatus.Expunged, builder.StatusOf(old, new DateOnly(2021, 5, 31)).Status);
        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(old, new DateOnly(2021, 6, 1)).Status);
    }

    [Fact]
    public void art73_2_offence_committed_before_the_old_judgment_took_effect_is_not_a_new_offence()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        builder.Convict(Prison(12), new DateOnly(2019, 8, 1), new DateOnly(2020, 6, 1));

        ExpungedExactlyOn(builder, old, new DateOnly(2021, 1, 1), "Art. 70(2)(a)");
    }

    [Theory]
    [InlineData("109", "XIII", "2019-03-01")]
    [InlineData("421", "XXVI", "2019-03-01")]
    [InlineData("79", "XI", "2005-03-01")]
    [InlineData("341", "XXIV", "2005-03-01")]
    public void art71_national_security_and_war_crimes_are_expunged_only_by_court_decision(string article, string chapter, string offenceDate)
    {
        var builder = new RecordBuilder();
        var committed = DateOnly.Parse(offenceDate, System.Globalization.CultureInfo.InvariantCulture);
        var id = builder.Convict(
            Prison(24), committed, committed.AddMonths(6),
            offences: [Offence(article, chapter, OffenceSeverity.EspeciallySerious)]);
        builder.Completed(id, committed.AddMonths(30));

        var decades = builder.StatusOf(id, new DateOnly(2080, 1, 1));
        Assert.Equal(ExpungementStatus.Active, decades.Status);
        Assert.StartsWith("Art. 71", decades.Basis, StringComparison.Ordinal);

        builder.Apply(doc => new ExpungementGranted(id, "TAND-DNA", doc, new(2030, 2, 20), new(2030, 3, 1), CourtExpungementBasis.Article71));
        ExpungedExactlyOn(builder, id, new DateOnly(2030, 3, 1), "Art. 71", dueKnownTheDayBefore: false);
    }

    [Fact]
    public void art73_3_judgment_mixing_a_chapter_XIII_offence_with_an_ordinary_one_needs_a_court_decision()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(
            Prison(24), OffenceDate, JudgmentEffective,
            offences: [Theft, Offence("117", "XIII", OffenceSeverity.VerySerious)]);
        builder.Completed(id, Served);

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2060, 1, 1)).Status);
    }

    [Fact]
    public void art71_chapter_stated_as_XIII_needs_a_court_decision_even_when_the_article_is_miscoded()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective, offences: [Offence("173", "XIII", OffenceSeverity.Serious)]);
        builder.Completed(id, Served);

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2060, 1, 1)).Status);
    }

    [Fact]
    public void art71_refused_court_decision_leaves_the_conviction_active()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective, offences: [Offence("109", "XIII", OffenceSeverity.EspeciallySerious)]);
        builder.Completed(id, Served);
        builder.Apply(doc => new ExpungementRefused(id, "TAND-DNA", doc, new(2024, 1, 1), new(2024, 1, 1), CourtExpungementBasis.Article71, "chưa đủ thời hạn"));

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2030, 1, 1)).Status);
    }

    [Fact]
    public void art72_special_expungement_by_court_takes_effect_before_the_automatic_period_ends()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(120), OffenceDate, JudgmentEffective);
        builder.Completed(id, Served);
        builder.Apply(doc => new ExpungementGranted(id, "TAND-DNA", doc, new(2021, 5, 20), new(2021, 6, 1), CourtExpungementBasis.Article72));

        ExpungedExactlyOn(builder, id, new DateOnly(2021, 6, 1), "Art. 72", dueKnownTheDayBefore: false);
    }

    [Theory]
    [InlineData(14, 0, OffenceSeverity.EspeciallySerious)]
    [InlineData(15, 364, OffenceSeverity.EspeciallySerious)]
    [InlineData(15, 0, OffenceSeverity.LessSerious)]
    public void art107_1a_offence_at_14_to_under_16_leaves_no_record(int years, int extraDays, OffenceSeverity severity)
    {
        var birth = new DateOnly(2003, 1, 1);
        var builder = new RecordBuilder(birth);
        var committed = birth.AddYears(years).AddDays(extraDays);
        var id = builder.Convict(Prison(60), committed, committed.AddMonths(6), offences: [Offence("168", "XVI", severity)]);

        NoRecord(builder.StatusOf(id, committed.AddYears(1)), "Art. 107(1)(a)");
    }

    [Theory]
    [InlineData(OffenceSeverity.LessSerious, false)]
    [InlineData(OffenceSeverity.Serious, false)]
    [InlineData(OffenceSeverity.VerySerious, true)]
    public void art107_1b_offence_at_16_to_under_18_less_serious_serious_or_negligent_very_serious_leaves_no_record(
        OffenceSeverity severity, bool negligent)
    {
        var birth = new DateOnly(2003, 1, 1);
        var builder = new RecordBuilder(birth);
        var committed = birth.AddYears(16);
        var id = builder.Convict(Prison(36), committed, committed.AddMonths(6), offences: [Offence("134", "XIV", severity, negligent)]);

        NoRecord(builder.StatusOf(id, committed.AddYears(1)), "Art. 107(1)(b)");
    }

    [Theory]
    [InlineData(Imprisonment, 24, true, 6, "Art. 107(2)(a)")]
    [InlineData(NonCustodialReform, 12, false, 6, "Art. 107(2)(a)")]
    [InlineData(Imprisonment, 60, false, 12, "Art. 107(2)(b)")]
    [InlineData(Imprisonment, 61, false, 24, "Art. 107(2)(c)")]
    [InlineData(Imprisonment, 180, false, 24, "Art. 107(2)(c)")]
    [InlineData(Imprisonment, 216, false, 36, "Art. 107(2)(d)")]
    public void art107_2_offence_at_16_to_under_18_very_serious_periods_six_months_one_two_three_years(
        PrincipalPenaltyType type, int months, bool suspended, int periodMonths, string basis)
    {
        var birth = new DateOnly(2003, 1, 1);
        var builder = new RecordBuilder(birth);
        var committed = birth.AddYears(18).AddDays(-1);
        var id = builder.Convict(
            Principal(type, months, suspended), committed, committed.AddMonths(6),
            offences: [Offence("123", "XIV", OffenceSeverity.VerySerious)],
            courtFeeVnd: 200_000);
        builder.Completed(id, Served.AddYears(2));

        // Art. 107(2) counts from the principal penalty alone: the unpaid court fee does not hold it back.
        ExpungedExactlyOn(builder, id, Served.AddYears(2).AddMonths(periodMonths), basis);
    }

    [Fact]
    public void art107_offence_on_the_16th_birthday_is_judged_in_the_16_to_18_band()
    {
        var birth = new DateOnly(2003, 1, 1);
        var builder = new RecordBuilder(birth);
        var id = builder.Convict(Prison(60), birth.AddYears(16), birth.AddYears(16).AddMonths(6), offences: [Offence("123", "XIV", OffenceSeverity.EspeciallySerious)]);
        builder.Completed(id, new DateOnly(2024, 1, 1));

        ExpungedExactlyOn(builder, id, new DateOnly(2025, 1, 1), "Art. 107(2)(b)");
    }

    [Fact]
    public void art70_offence_on_the_18th_birthday_follows_the_adult_periods()
    {
        var birth = new DateOnly(2003, 1, 1);
        var builder = new RecordBuilder(birth);
        var id = builder.Convict(Prison(60), birth.AddYears(18), birth.AddYears(18).AddMonths(6), offences: [Offence("123", "XIV", OffenceSeverity.VerySerious)]);
        builder.Completed(id, new DateOnly(2024, 1, 1));

        ExpungedExactlyOn(builder, id, new DateOnly(2026, 1, 1), "Art. 70(2)(b)");
    }

    [Theory]
    [InlineData(OffenceSeverity.LessSerious)]
    [InlineData(OffenceSeverity.Serious)]
    public void art69_2_negligent_less_serious_or_serious_offence_leaves_no_record(OffenceSeverity severity)
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective, offences: [Offence("260", "XXI", severity, negligent: true)]);

        NoRecord(builder.StatusOf(id, JudgmentEffective), "Art. 69(2)");
    }

    [Fact]
    public void art69_2_negligent_very_serious_offence_leaves_a_record()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(84), OffenceDate, JudgmentEffective, offences: [Offence("260", "XXI", OffenceSeverity.VerySerious, negligent: true)]);
        builder.Completed(id, Served);

        ExpungedExactlyOn(builder, id, Served.AddYears(3), "Art. 70(2)(c)");
    }

    [Fact]
    public void art69_2_exempted_from_punishment_leaves_no_record()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(principal: null, OffenceDate, JudgmentEffective);

        NoRecord(builder.StatusOf(id, JudgmentEffective), "Art. 69(2): exempted");
    }

    [Fact]
    public void art73_1_period_follows_the_penalty_pronounced_after_amendment()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(84), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new JudgmentAmended(id, "TANDCC", doc, new(2019, 12, 1), new(2019, 12, 1), new JudgmentTerms([Theft], Prison(48), [])));
        builder.Completed(id, new DateOnly(2023, 1, 1));

        ExpungedExactlyOn(builder, id, new DateOnly(2025, 1, 1), "Art. 70(2)(b)");
    }

    [Fact]
    public void art73_1_amendment_changes_the_period_only_from_its_effective_date()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(84), OffenceDate, JudgmentEffective);
        builder.Completed(id, new DateOnly(2020, 1, 1));
        builder.Apply(doc => new JudgmentAmended(id, "TANDTC", doc, new(2022, 6, 1), new(2022, 6, 1), new JudgmentTerms([Theft], Prison(48), [])));

        Assert.Equal(new DateOnly(2023, 1, 1), builder.StatusOf(id, new DateOnly(2022, 5, 31)).DueOn);
        Assert.Equal(new DateOnly(2022, 1, 1), builder.StatusOf(id, new DateOnly(2022, 6, 1)).ExpungedOn);
    }

    [Fact]
    public void art73_1_sentence_reduction_does_not_shorten_the_period()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(72), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new SentenceReduced(id, "TAND-DNA", doc, new(2021, 9, 1), new(2021, 9, 1), ReducedByMonths: 18));
        builder.Completed(id, new DateOnly(2023, 9, 1));

        ExpungedExactlyOn(builder, id, new DateOnly(2026, 9, 1), "Art. 70(2)(c)");
    }

    [Fact]
    public void art73_4_amnesty_of_the_remaining_sentence_counts_as_served()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(96), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new Amnestied(id, "CTN", doc, new(2021, 8, 26), new(2021, 9, 2)));

        ExpungedExactlyOn(builder, id, new DateOnly(2024, 9, 2), "Art. 70(2)(c), Art. 73(4)");
    }

    [Fact]
    public void annulled_judgment_is_not_a_conviction_from_the_annulment()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);
        builder.Apply(doc => new JudgmentAnnulled(id, "TANDTC", doc, new(2020, 6, 1), new(2020, 6, 1)));

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2020, 5, 31)).Status);
        NoRecord(builder.StatusOf(id, new DateOnly(2020, 6, 1)), "the judgment was annulled");
    }

    [Fact]
    public void annulled_judgment_does_not_restart_an_older_conviction()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), OffenceDate, JudgmentEffective);
        builder.Completed(old, new DateOnly(2020, 1, 1));
        var annulled = builder.Convict(Prison(12), new DateOnly(2020, 6, 1), new DateOnly(2020, 9, 1));
        builder.Apply(doc => new JudgmentAnnulled(annulled, "TANDTC", doc, new(2020, 11, 1), new(2020, 11, 1)));

        ExpungedExactlyOn(builder, old, new DateOnly(2021, 1, 1), "Art. 70(2)(a)");
    }

    [Fact]
    public void a_conviction_for_an_offence_later_decriminalised_is_removed_from_the_repeal()
    {
        // Illegal drug use (Penal Code 1999 Art. 199) ceased to be an offence on 2010-01-01 (Law 37/2009).
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(12), new DateOnly(2008, 5, 1), new DateOnly(2008, 9, 1),
            offences: [Offence("199", "XVIII", OffenceSeverity.LessSerious)]);

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2009, 12, 31)).Status);
        NoRecord(builder.StatusOf(id, new DateOnly(2010, 1, 1)), "no offence of the judgment is an offence from 2010-01-01");
    }

    [Fact]
    public void a_conviction_keeps_its_record_while_one_of_its_offences_still_stands()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(12), new DateOnly(2008, 5, 1), new DateOnly(2008, 9, 1),
            offences: [Offence("199", "XVIII", OffenceSeverity.LessSerious), Offence("138", "XIV", OffenceSeverity.LessSerious)]);

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(id, new DateOnly(2012, 1, 1)).Status);
    }

    [Fact]
    public void a_decriminalised_conviction_no_longer_restarts_an_older_one()
    {
        var builder = new RecordBuilder();
        var old = builder.Convict(Principal(Fine), new DateOnly(2006, 1, 1), new DateOnly(2006, 6, 1),
            offences: [Offence("138", "XIV", OffenceSeverity.LessSerious)]);
        builder.Completed(old, new DateOnly(2008, 1, 1));
        builder.Convict(Prison(6), new DateOnly(2008, 6, 1), new DateOnly(2008, 9, 1),
            offences: [Offence("199", "XVIII", OffenceSeverity.LessSerious)]);

        Assert.Equal(ExpungementStatus.Active, builder.StatusOf(old, new DateOnly(2009, 12, 31)).Status);
        // Read from the repeal on, the fine's own period stands: one year from its payment, as if the drug use had never counted.
        var after = builder.StatusOf(old, new DateOnly(2010, 1, 1));
        Assert.Equal(ExpungementStatus.Expunged, after.Status);
        Assert.Equal(new DateOnly(2009, 1, 1), after.ExpungedOn);
    }

    [Fact]
    public void judgment_not_yet_in_effect_on_the_as_of_date_is_no_record()
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(Prison(24), OffenceDate, JudgmentEffective);

        NoRecord(builder.StatusOf(id, JudgmentEffective.AddDays(-1)), "the judgment took effect only");
    }

    private static void AssertImprisonmentPeriod(PrincipalPenalty principal, int years, string basis)
    {
        var builder = new RecordBuilder();
        var id = builder.Convict(principal, OffenceDate, JudgmentEffective);
        builder.Completed(id, Served);

        ExpungedExactlyOn(builder, id, Served.AddYears(years), basis);
    }
}
