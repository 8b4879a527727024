namespace JudicialRecords.Domain.Applications;

public enum DeadlineKind
{
    /// <summary>10 days (Law 28/2009 Art. 48(1)).</summary>
    Standard,

    /// <summary>15 days: several provinces, abroad, foreigner, expungement or records to verify (Art. 48(2)).</summary>
    Complex,

    /// <summary>24 hours: urgent request of a procedural agency (Art. 48(3)).</summary>
    Urgent,
}

/// <summary>Whether "N days" counts every day or working days only.</summary>
public enum DayCounting
{
    CalendarDays,
    WorkingDays,
}

/// <summary>
/// Deadline rules as configuration. Law 28/2009 Art. 48 says "không quá 10 ngày" without "làm việc",
/// so issuance counts calendar days; the amending law in force from 01/07/2026 may say otherwise,
/// hence <see cref="IssuanceCounting"/>. The rules marked *unconfirmed* in domain.md §5 carry the values given there.
/// </summary>
public sealed record DeadlineRules
{
    public static DeadlineRules Default { get; } = new();

    public int StandardDays { get; init; } = 10;

    public int ComplexDays { get; init; } = 15;

    public TimeSpan UrgentWithin { get; init; } = TimeSpan.FromHours(24);

    public DayCounting IssuanceCounting { get; init; } = DayCounting.CalendarDays;

    /// <summary>
    /// A period in days whose last day is a weekend or holiday ends with the next working day
    /// (Civil Code 2015 Art. 148(5)).
    /// </summary>
    public bool LastDayMovesToNextWorkingDay { get; init; } = true;

    /// <summary>Courts, enforcement bodies, other records departments answering a verification request.</summary>
    public int AgencyAnswerWorkingDays { get; init; } = 10;

    /// <summary>*Unconfirmed*: police answering from their criminal-records files.</summary>
    public int PoliceFilesAnswerWorkingDays { get; init; } = 7;

    /// <summary>The records department forwards an update to the national centre.</summary>
    public int ForwardToNationalCentreWorkingDays { get; init; } = 5;

    /// <summary>*Unconfirmed* (Decree 216/2026): an online request is accepted or refused within this office time.</summary>
    public TimeSpan OnlineIntakeWithin { get; init; } = TimeSpan.FromHours(8);
}

public static class Deadlines
{
    /// <summary>Urgent wins (only procedural agencies may ask for it); any complexity gives 15 days.</summary>
    public static DeadlineKind KindFor(Complexity complexity, bool urgent) =>
        urgent ? DeadlineKind.Urgent
        : complexity != Complexity.None ? DeadlineKind.Complex
        : DeadlineKind.Standard;

    /// <summary>
    /// When a certificate is due for a request complete at <paramref name="completeAt"/>. Days are
    /// counted from the day after (Civil Code Art. 147(1)) and the deadline ends at local midnight
    /// after the last day; urgent requests get <see cref="DeadlineRules.UrgentWithin"/> to the minute.
    /// </summary>
    public static Deadline DueDate(DateTimeOffset completeAt, DeadlineKind kind, WorkingCalendar calendar, DeadlineRules rules)
    {
        if (kind == DeadlineKind.Urgent)
        {
            var dueAt = completeAt.ToOffset(calendar.UtcOffset) + rules.UrgentWithin;
            return new Deadline(calendar.DateOf(dueAt), dueAt);
        }

        var days = kind == DeadlineKind.Complex ? rules.ComplexDays : rules.StandardDays;
        var start = calendar.DateOf(completeAt);
        var last = rules.IssuanceCounting == DayCounting.WorkingDays
            ? calendar.AddWorkingDays(start, days)
            : start.AddDays(days);
        if (rules.LastDayMovesToNextWorkingDay)
        {
            last = calendar.NextWorkingDayOnOrAfter(last);
        }

        return EndOf(last, calendar);
    }

    /// <summary>When an agency must answer a verification request sent at <paramref name="sentAt"/> (working days).</summary>
    public static Deadline AgencyAnswerDue(
        DateTimeOffset sentAt, VerificationAgencyKind agency, WorkingCalendar calendar, DeadlineRules rules)
    {
        var days = agency == VerificationAgencyKind.PoliceFiles ? rules.PoliceFilesAnswerWorkingDays : rules.AgencyAnswerWorkingDays;
        return EndOf(calendar.AddWorkingDays(calendar.DateOf(sentAt), days), calendar);
    }

    /// <summary>When an update received at <paramref name="receivedAt"/> must reach the national centre.</summary>
    public static Deadline ForwardToNationalCentreDue(DateTimeOffset receivedAt, WorkingCalendar calendar, DeadlineRules rules) =>
        EndOf(calendar.AddWorkingDays(calendar.DateOf(receivedAt), rules.ForwardToNationalCentreWorkingDays), calendar);

    /// <summary>When an online request filed at <paramref name="submittedAt"/> must be accepted or refused (office time).</summary>
    public static Deadline OnlineIntakeDue(DateTimeOffset submittedAt, WorkingCalendar calendar, DeadlineRules rules)
    {
        var dueAt = calendar.AddWorkingTime(submittedAt, rules.OnlineIntakeWithin);
        return new Deadline(calendar.DateOf(dueAt), dueAt);
    }

    private static Deadline EndOf(DateOnly lastDay, WorkingCalendar calendar) =>
        new(lastDay, calendar.StartOf(lastDay.AddDays(1)));
}
