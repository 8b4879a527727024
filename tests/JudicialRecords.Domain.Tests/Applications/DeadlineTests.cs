using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Domain.Tests.Applications;

public sealed class DeadlineTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.Vietnam;
    private static readonly DeadlineRules Rules = DeadlineRules.Default;

    private static DateTimeOffset Vn(string local) => DateTimeOffset.Parse(local + "+07:00", System.Globalization.CultureInfo.InvariantCulture);

    [Theory]
    // Monday 2 June 2025: day 10 is Thursday 12 June, day 15 Tuesday 17 June.
    [InlineData("2025-06-02T09:00", DeadlineKind.Standard, "2025-06-12")]
    [InlineData("2025-06-02T09:00", DeadlineKind.Complex, "2025-06-17")]
    // Day 10 is Saturday 14 June: the deadline ends with Monday 16 June (Civil Code Art. 148(5)).
    [InlineData("2025-06-04T09:00", DeadlineKind.Standard, "2025-06-16")]
    // Day 10 is Monday 16 Feb 2026, in Tết: the deadline ends with the first working day after it.
    [InlineData("2026-02-06T09:00", DeadlineKind.Standard, "2026-02-23")]
    // Late evening still counts as that day: the first day is not counted either way.
    [InlineData("2025-06-02T23:30", DeadlineKind.Standard, "2025-06-12")]
    public void issuance_deadline_counts_calendar_days_from_the_day_after_completion(string completeAt, DeadlineKind kind, string dueDate)
    {
        var deadline = Deadlines.DueDate(Vn(completeAt), kind, Calendar, Rules);

        Assert.Equal(DateOnly.Parse(dueDate), deadline.DueDate);
        Assert.Equal(Calendar.StartOf(DateOnly.Parse(dueDate).AddDays(1)), deadline.DueAt);
    }

    [Fact]
    public void completion_time_is_read_in_vietnam_time()
    {
        // 18:00 UTC on 1 June is 01:00 on 2 June in Vietnam.
        var deadline = Deadlines.DueDate(new DateTimeOffset(2025, 6, 1, 18, 0, 0, TimeSpan.Zero), DeadlineKind.Standard, Calendar, Rules);

        Assert.Equal(new DateOnly(2025, 6, 12), deadline.DueDate);
    }

    [Fact]
    public void issuance_deadline_can_be_configured_to_count_working_days()
    {
        var rules = Rules with { IssuanceCounting = DayCounting.WorkingDays };

        var deadline = Deadlines.DueDate(Vn("2025-06-02T09:00"), DeadlineKind.Standard, Calendar, rules);

        Assert.Equal(new DateOnly(2025, 6, 16), deadline.DueDate);
    }

    [Fact]
    public void urgent_procedural_request_is_due_24_hours_later_even_over_a_weekend()
    {
        var deadline = Deadlines.DueDate(Vn("2025-06-06T15:30"), DeadlineKind.Urgent, Calendar, Rules);

        Assert.Equal(Vn("2025-06-07T15:30"), deadline.DueAt);
        Assert.Equal(new DateOnly(2025, 6, 7), deadline.DueDate);
    }

    [Fact]
    public void deadline_passes_at_midnight_after_its_last_day()
    {
        var deadline = Deadlines.DueDate(Vn("2025-06-02T09:00"), DeadlineKind.Standard, Calendar, Rules);

        Assert.False(deadline.IsOverdue(Vn("2025-06-12T23:59")));
        Assert.True(deadline.IsOverdue(Vn("2025-06-13T00:00")));
    }

    [Theory]
    [InlineData(Complexity.None, false, DeadlineKind.Standard)]
    [InlineData(Complexity.Foreigner, false, DeadlineKind.Complex)]
    [InlineData(Complexity.SeveralProvinces | Complexity.ExpungementToVerify, false, DeadlineKind.Complex)]
    [InlineData(Complexity.LivedAbroad, true, DeadlineKind.Urgent)]
    [InlineData(Complexity.None, true, DeadlineKind.Urgent)]
    public void any_complexity_gives_15_days_and_urgency_wins(Complexity complexity, bool urgent, DeadlineKind expected) =>
        Assert.Equal(expected, Deadlines.KindFor(complexity, urgent));

    [Theory]
    [InlineData("2025-06-06", 1, "2025-06-09")] // Friday to Monday
    [InlineData("2025-06-02", 5, "2025-06-09")]
    [InlineData("2025-06-07", 1, "2025-06-09")] // from a Saturday
    [InlineData("2025-06-02", 0, "2025-06-02")]
    [InlineData("2026-02-13", 1, "2026-02-23")] // across Tết Bính Ngọ, 14–22 Feb 2026
    [InlineData("2026-02-12", 2, "2026-02-23")]
    [InlineData("2025-04-25", 1, "2025-04-26")] // Saturday 26 Apr 2025 was worked to bridge 30 Apr – 4 May
    [InlineData("2025-04-29", 1, "2025-05-05")]
    [InlineData("2026-04-24", 1, "2026-04-28")] // Hùng Kings on Sunday 26 Apr 2026: Monday 27 off in lieu
    [InlineData("2025-08-29", 1, "2025-09-03")] // National Day 1–2 Sep 2025
    public void working_days_skip_weekends_and_holidays(string from, int days, string expected) =>
        Assert.Equal(DateOnly.Parse(expected), Calendar.AddWorkingDays(DateOnly.Parse(from), days));

    [Theory]
    [InlineData("2025-06-02T10:30", 2, "2025-06-02T14:00")] // across lunch
    [InlineData("2025-06-02T16:00", 8, "2025-06-03T16:00")] // across the evening
    [InlineData("2025-06-06T16:00", 2, "2025-06-09T08:30")] // across the weekend
    [InlineData("2025-06-07T10:00", 1, "2025-06-09T08:30")] // filed on a Saturday
    [InlineData("2025-06-02T12:00", 1, "2025-06-02T14:00")] // filed at lunch
    [InlineData("2025-06-02T06:00", 8, "2025-06-02T17:00")] // before opening: a full day
    [InlineData("2025-06-02T11:30", 4, "2025-06-02T17:00")]
    [InlineData("2026-02-13T16:30", 1, "2026-02-23T08:00")] // across Tết
    public void working_hours_count_office_time_only(string from, int hours, string expected) =>
        Assert.Equal(Vn(expected), Calendar.AddWorkingHours(Vn(from), hours));

    [Fact]
    public void working_hours_accept_any_offset_and_answer_in_local_time()
    {
        var due = Calendar.AddWorkingHours(new DateTimeOffset(2025, 6, 2, 3, 30, 0, TimeSpan.Zero), 2);

        Assert.Equal(Vn("2025-06-02T14:00"), due);
        Assert.Equal(TimeSpan.FromHours(7), due.Offset);
    }

    [Fact]
    public void online_intake_must_be_answered_within_8_working_hours()
    {
        var due = Deadlines.OnlineIntakeDue(Vn("2025-06-06T15:00"), Calendar, Rules);

        Assert.Equal(Vn("2025-06-09T15:00"), due.DueAt);
    }

    [Theory]
    [InlineData(VerificationAgencyKind.PoliceFiles, "2025-06-11")]
    [InlineData(VerificationAgencyKind.Court, "2025-06-16")]
    [InlineData(VerificationAgencyKind.RecordsDepartment, "2025-06-16")]
    public void agencies_answer_verification_within_working_days(VerificationAgencyKind agency, string expected)
    {
        var due = Deadlines.AgencyAnswerDue(Vn("2025-06-02T09:00"), agency, Calendar, Rules);

        Assert.Equal(DateOnly.Parse(expected), due.DueDate);
    }

    [Fact]
    public void updates_reach_the_national_centre_within_5_working_days()
    {
        var due = Deadlines.ForwardToNationalCentreDue(Vn("2025-06-05T09:00"), Calendar, Rules);

        Assert.Equal(new DateOnly(2025, 6, 12), due.DueDate);
    }

    [Fact]
    public void new_year_2026_is_off_on_1_and_2_january_and_saturday_10_january_is_worked()
    {
        // Five working days from Wed 31 Dec 2025: Mon 5, Tue 6, Wed 7, Thu 8, Fri 9 Jan.
        Assert.Equal(new DateOnly(2026, 1, 9), Deadlines.ForwardToNationalCentreDue(Vn("2025-12-31T09:00"), Calendar, Rules).DueDate);
        Assert.Equal(new DateOnly(2026, 1, 10), Calendar.AddWorkingDays(new DateOnly(2026, 1, 9), 1));
    }

    [Fact]
    public void holiday_list_is_configuration()
    {
        var calendar = new WorkingCalendar([new DateOnly(2025, 6, 3)]);

        Assert.Equal(new DateOnly(2025, 6, 4), calendar.AddWorkingDays(new DateOnly(2025, 6, 2), 1));
        Assert.Equal(new DateOnly(2025, 1, 27), calendar.AddWorkingDays(new DateOnly(2025, 1, 24), 1));
    }

    [Fact]
    public void every_default_holiday_falls_in_2025_to_2027()
    {
        Assert.All(VietnamHolidays.Default, d => Assert.InRange(d.Year, 2025, 2027));
        Assert.All(VietnamHolidays.MakeUpWorkingDays, d => Assert.Equal(DayOfWeek.Saturday, d.DayOfWeek));
    }

    [Fact]
    public void a_calendar_says_which_years_it_lists_holidays_for()
    {
        Assert.True(WorkingCalendar.Vietnam.HasHolidaysIn(2026));
        Assert.True(WorkingCalendar.Vietnam.HasHolidaysIn(2027));
        Assert.False(WorkingCalendar.Vietnam.HasHolidaysIn(2028));
    }

    [Fact]
    public void overlapping_office_hours_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(
            [], officeHours: [new(new TimeOnly(8, 0), new TimeOnly(12, 0)), new(new TimeOnly(11, 0), new TimeOnly(17, 0))]));
    }
}
