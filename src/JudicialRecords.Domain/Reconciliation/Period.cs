using System.Globalization;

namespace JudicialRecords.Domain.Reconciliation;

/// <summary>A span of days, both ends included.</summary>
public readonly record struct Period(DateOnly From, DateOnly To)
{
    public bool Contains(DateOnly day) => From <= day && day <= To;

    /// <summary>Whether every day of <paramref name="other"/> lies in this period.</summary>
    public bool Covers(Period other) => From <= other.From && other.To <= To;

    public bool Overlaps(Period other) => From <= other.To && other.From <= To;

    public int Days => To.DayNumber - From.DayNumber + 1;
}

/// <summary>A calendar quarter, written <c>2026-Q3</c>: the unit in which the department reconciles with each court.</summary>
public readonly record struct Quarter(int Year, int Number)
{
    public DateOnly From => new(Year, (Number - 1) * 3 + 1, 1);

    public DateOnly To => From.AddMonths(3).AddDays(-1);

    public Period Period => new(From, To);

    public static Quarter Of(DateOnly day) => new(day.Year, (day.Month - 1) / 3 + 1);

    /// <summary>Reads <c>YYYY-Qn</c> (n from 1 to 4, the letter in either case).</summary>
    public static Result<Quarter> Parse(string? text)
    {
        var value = text?.Trim() ?? "";
        if (value.Length == 7 && value[4] == '-' && (value[5] is 'Q' or 'q')
            && int.TryParse(value.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year >= 1
            && value[6] is >= '1' and <= '4')
            return new Quarter(year, value[6] - '0');
        return new DomainError("quarter.format", $"A quarter is written YYYY-Qn with n from 1 to 4, e.g. 2026-Q3; got '{text}'.", "quarter");
    }

    public override string ToString() => $"{Year:0000}-Q{Number}";
}
