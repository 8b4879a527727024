namespace JudicialRecords.Domain;

/// <summary>Vietnam keeps UTC+07:00 all year (no daylight saving), so a fixed offset needs no time-zone database.</summary>
public static class VietnamTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(instant.ToOffset(Offset).DateTime);

    /// <summary>Today's date in Vietnam.</summary>
    public static DateOnly Today(TimeProvider time) => DateOf(time.GetUtcNow());
}
