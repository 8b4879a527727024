using JudicialRecords.Domain.Applications;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>Section "Applications": fees, deadlines, holidays, eligibility limits and instant issuance.</summary>
public sealed class ApplicationsOptions
{
    public const string Section = "Applications";

    /// <summary>Amounts of Circular 244/2016 until the amounts of Circular 16/2025 are confirmed (domain.md §6).</summary>
    public FeeSchedule Fees { get; set; } = new();

    public DeadlineRules Deadlines { get; set; } = new();

    public EligibilityRules Eligibility { get; set; } = new();

    /// <summary>Public holidays as YYYY-MM-DD; absent means <see cref="VietnamHolidays.Default"/>.</summary>
    public List<DateOnly>? Holidays { get; set; }

    /// <summary>Weekend days worked in exchange for a bridge holiday; absent means <see cref="VietnamHolidays.MakeUpWorkingDays"/>.</summary>
    public List<DateOnly>? MakeUpWorkingDays { get; set; }

    /// <summary>
    /// Whether a clean own request is approved and issued by the service right after payment. Absent:
    /// on in Development, off elsewhere (the authority turns it on deliberately).
    /// </summary>
    public bool? InstantIssuance { get; set; }

    /// <summary>
    /// In-process workers that issue approved applications (<see cref="IssuanceQueue"/>); 0 leaves every issuance to
    /// Hangfire's workers. Absent: twice the processor count.
    /// </summary>
    public int? IssuanceWorkers { get; set; }

    /// <summary>Identity-check failures an applicant may have in an hour before their requests are answered 429 (<see cref="IdentityFailures"/>).</summary>
    public int IdentityFailuresPerHour { get; set; } = 5;

    public ApplicationPolicy ToPolicy() => new(
        Fees,
        Deadlines,
        Holidays is null && MakeUpWorkingDays is null
            ? WorkingCalendar.Vietnam
            : new WorkingCalendar(Holidays ?? VietnamHolidays.Default, MakeUpWorkingDays ?? VietnamHolidays.MakeUpWorkingDays),
        Eligibility);
}

/// <summary>The configuration as the handlers use it, resolved once at start-up.</summary>
public sealed record ApplicationSettings(ApplicationPolicy Policy, bool InstantIssuance, int IssuanceWorkers = 0);
