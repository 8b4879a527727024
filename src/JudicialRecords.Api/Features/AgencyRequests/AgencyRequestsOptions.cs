using JudicialRecords.Domain.AgencyRequests;

namespace JudicialRecords.Api.Features.AgencyRequests;

/// <summary>Section "AgencyRequests": when the department asks the police files and the trial court, and how it chases late answers.</summary>
public sealed class AgencyRequestsOptions
{
    public const string Section = "AgencyRequests";

    /// <summary>Whether complete applications are checked against the police files at all.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The provincial police whose criminal-records files hold pre-2010 convictions.</summary>
    public string PoliceAgency { get; set; } = "CA-DNA";

    /// <summary>The trial court whose archive is asked when the police refer to it.</summary>
    public string CourtAgency { get; set; } = "TAND-DNA";

    public DateOnly PoliceFilesBefore { get; set; } = VerificationRules.Default.PoliceFilesBefore;

    public int YoungestWithRecord { get; set; } = VerificationRules.Default.YoungestWithRecord;

    /// <summary>Whether a record with a penalty whose completion was never reported is also sent to the police files (who keep releases).</summary>
    public bool AskWhenRecordUnclear { get; set; } = true;

    public int EscalateAfterWorkingDays { get; set; } = VerificationRules.Default.EscalateAfterWorkingDays;

    /// <summary>Cron schedule (UTC) of the sweep that reminds and escalates late agencies.</summary>
    public string ChaseSchedule { get; set; } = "*/15 * * * *";

    /// <summary>Largest answer body accepted, in bytes.</summary>
    public int MaxAnswerBytes { get; set; } = 1024 * 1024;

    public AgencyRequestSettings ToSettings() => new(
        Enabled, PoliceAgency.Trim(), CourtAgency.Trim(), AskWhenRecordUnclear,
        new VerificationRules { PoliceFilesBefore = PoliceFilesBefore, YoungestWithRecord = YoungestWithRecord, EscalateAfterWorkingDays = EscalateAfterWorkingDays },
        ChaseSchedule, MaxAnswerBytes);
}

/// <summary>The configuration as the handlers use it, resolved once at start-up.</summary>
public sealed record AgencyRequestSettings(
    bool Enabled, string PoliceAgency, string CourtAgency, bool AskWhenRecordUnclear, VerificationRules Rules, string ChaseSchedule, int MaxAnswerBytes);
