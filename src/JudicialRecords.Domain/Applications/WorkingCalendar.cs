namespace JudicialRecords.Domain.Applications;

/// <summary>One stretch of office time within a working day, in local time.</summary>
public sealed record OfficeHours(TimeOnly Start, TimeOnly End);

/// <summary>
/// Which days and hours count where the law counts working days or hours: weekends, public holidays
/// (including compensatory days off) and Saturdays the government turns into working days to bridge
/// a holiday. Everything is configuration; <see cref="Vietnam"/> is the default.
/// </summary>
public sealed class WorkingCalendar
{
    private readonly HashSet<DateOnly> holidays;
    private readonly HashSet<DateOnly> makeUpWorkingDays;
    private readonly HashSet<DayOfWeek> weekend;

    public WorkingCalendar(
        IEnumerable<DateOnly> holidays,
        IEnumerable<DateOnly>? makeUpWorkingDays = null,
        IEnumerable<DayOfWeek>? weekend = null,
        IEnumerable<OfficeHours>? officeHours = null,
        TimeSpan? utcOffset = null)
    {
        this.holidays = [.. holidays];
        this.makeUpWorkingDays = [.. makeUpWorkingDays ?? []];
        this.weekend = [.. weekend ?? [DayOfWeek.Saturday, DayOfWeek.Sunday]];
        OfficeHours = [.. (officeHours ?? DefaultOfficeHours).OrderBy(h => h.Start)];
        UtcOffset = utcOffset ?? VietnamTime.Offset;

        if (this.weekend.Count >= 7)
        {
            throw new ArgumentException("A calendar needs at least one working weekday.", nameof(weekend));
        }

        if (OfficeHours.Count == 0)
        {
            throw new ArgumentException("A calendar needs office hours.", nameof(officeHours));
        }

        for (var i = 0; i < OfficeHours.Count; i++)
        {
            if (OfficeHours[i].Start >= OfficeHours[i].End || (i > 0 && OfficeHours[i].Start < OfficeHours[i - 1].End))
            {
                throw new ArgumentException("Office hours must be non-empty and must not overlap.", nameof(officeHours));
            }
        }
    }

    /// <summary>07:30–11:30 and 13:00–17:00, the usual hours of a provincial office (configurable).</summary>
    public static IReadOnlyList<OfficeHours> DefaultOfficeHours { get; } =
    [
        new(new TimeOnly(7, 30), new TimeOnly(11, 30)),
        new(new TimeOnly(13, 0), new TimeOnly(17, 0)),
    ];

    /// <summary>Saturday and Sunday off, Vietnam's public holidays 2025–2027 (<see cref="VietnamHolidays"/>), default office hours.</summary>
    public static WorkingCalendar Vietnam { get; } = new(VietnamHolidays.Default, VietnamHolidays.MakeUpWorkingDays);

    public TimeSpan UtcOffset { get; }

    /// <summary>Whether the calendar lists any public holiday in <paramref name="year"/>: a year without one is a year nobody filled in.</summary>
    public bool HasHolidaysIn(int year) => holidays.Any(d => d.Year == year);

    public IReadOnlyList<OfficeHours> OfficeHours { get; }

    public IReadOnlySet<DateOnly> Holidays => holidays;

    public IReadOnlySet<DateOnly> MakeUpWorkingDays => makeUpWorkingDays;

    public IReadOnlySet<DayOfWeek> Weekend => weekend;

    public bool IsWorkingDay(DateOnly date) =>
        makeUpWorkingDays.Contains(date) || (!weekend.Contains(date.DayOfWeek) && !holidays.Contains(date));

    /// <summary>The local calendar date of an instant.</summary>
    public DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(UtcOffset).DateTime);

    /// <summary>Local midnight at the start of <paramref name="date"/>.</summary>
    public DateTimeOffset StartOf(DateOnly date) => new(date.ToDateTime(TimeOnly.MinValue), UtcOffset);

    public DateOnly NextWorkingDayOnOrAfter(DateOnly date)
    {
        while (!IsWorkingDay(date))
        {
            date = date.AddDays(1);
        }

        return date;
    }

    /// <summary>
    /// The <paramref name="days"/>-th working day after <paramref name="date"/>; the day itself is not
    /// counted (Civil Code 2015 Art. 147(1)).
    /// </summary>
    public DateOnly AddWorkingDays(DateOnly date, int days)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        while (days > 0)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                days--;
            }
        }

        return date;
    }

    public DateTimeOffset AddWorkingHours(DateTimeOffset instant, int hours) =>
        AddWorkingTime(instant, TimeSpan.FromHours(hours));

    /// <summary>
    /// The instant at which <paramref name="duration"/> of office time has passed since
    /// <paramref name="instant"/>; time outside office hours and on days off does not count. The answer
    /// is in the calendar's local offset. An instant outside office hours starts at the next opening.
    /// </summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset instant, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(duration, TimeSpan.Zero);
        if (duration == TimeSpan.Zero)
        {
            return instant.ToOffset(UtcOffset);
        }

        var local = instant.ToOffset(UtcOffset).DateTime;
        var date = DateOnly.FromDateTime(local);
        var time = TimeOnly.FromDateTime(local);
        var remaining = duration;
        while (true)
        {
            if (IsWorkingDay(date))
            {
                foreach (var stretch in OfficeHours)
                {
                    if (time >= stretch.End)
                    {
                        continue;
                    }

                    var from = time > stretch.Start ? time : stretch.Start;
                    var available = stretch.End - from;
                    if (remaining <= available)
                    {
                        return new DateTimeOffset(date.ToDateTime(from), UtcOffset) + remaining;
                    }

                    remaining -= available;
                }
            }

            date = date.AddDays(1);
            time = TimeOnly.MinValue;
        }
    }
}

/// <summary>
/// Public holidays for officials in Vietnam (Labour Code 2019 Art. 112: New Year, 5 days of Tết,
/// Hùng Kings' day 10/3 lunar, 30 April, 1 May, 2 September and one adjacent day), with the
/// compensatory days off when a holiday falls on a weekend (Art. 111(3)) and the government's
/// bridging swaps. Configuration, not law: replace or extend the list each year when the Ministry of
/// Home Affairs announces the plan. Entries marked *unconfirmed* below are our estimates.
/// </summary>
public static class VietnamHolidays
{
    public static IReadOnlyList<DateOnly> Default { get; } =
    [
        // 2025 (announced)
        new(2025, 1, 1),
        // Tết Ất Tỵ: off Sat 25 Jan – Sun 2 Feb; weekdays 27–31 Jan (Mon 27 swapped with Sat 8 Feb).
        new(2025, 1, 27), new(2025, 1, 28), new(2025, 1, 29), new(2025, 1, 30), new(2025, 1, 31),
        new(2025, 4, 7), // Hùng Kings
        // 30 Apr – 4 May; Fri 2 May swapped with Sat 26 Apr.
        new(2025, 4, 30), new(2025, 5, 1), new(2025, 5, 2),
        new(2025, 9, 1), new(2025, 9, 2),

        // 2026
        // New Year: off Thu 1 – Sun 4 Jan; Fri 2 Jan swapped with Sat 10 Jan (Government Office letter 12729/VPCP-KGVX
        // of 25/12/2025, as reported in the press).
        new(2026, 1, 1), new(2026, 1, 2),
        // Tết Bính Ngọ: off Sat 14 – Sun 22 Feb (announced plan); weekdays 16–20 Feb.
        new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 2, 19), new(2026, 2, 20),
        new(2026, 4, 26), new(2026, 4, 27), // Hùng Kings falls on Sunday 26 Apr: Monday 27 Apr off in lieu
        new(2026, 4, 30), new(2026, 5, 1),
        new(2026, 9, 1), new(2026, 9, 2), // *unconfirmed*: which adjacent day goes with 2 Sep
        // 2027 (*unconfirmed*: no plan announced; statutory days with compensatory days for Sat 6 / Sun 7 Feb)
        new(2027, 1, 1),
        new(2027, 2, 5), new(2027, 2, 8), new(2027, 2, 9), new(2027, 2, 10), new(2027, 2, 11), // Tết Đinh Mùi, 6 Feb 2027
        new(2027, 4, 16), // Hùng Kings
        new(2027, 4, 30), new(2027, 5, 3), // 1 May is a Saturday: Monday 3 May off in lieu
        new(2027, 9, 2), new(2027, 9, 3),
    ];

    /// <summary>Saturdays worked to bridge a holiday (2025: for Mon 27 Jan and Fri 2 May; 2026: for Fri 2 Jan).</summary>
    public static IReadOnlyList<DateOnly> MakeUpWorkingDays { get; } =
    [
        new(2025, 2, 8),
        new(2025, 4, 26),
        new(2026, 1, 10),
    ];
}
