using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Reconciliation;

/// <summary>
/// One convicted person of one judgment, as the court lists it. A judgment with several defendants is
/// listed once per person, so a judgment is known by its number and the person's ID together.
/// </summary>
public sealed record ListedJudgment(string JudgmentNumber, DateOnly JudgmentDate, string PersonalId);

/// <summary>One conviction of the court's judgment as the department's records hold it, whoever sent it (<see cref="Source"/>).</summary>
public sealed record HeldJudgment(
    Guid ConvictionId, string JudgmentNumber, DateOnly JudgmentDate, string PersonalId, string Source, DateOnly? AnnulledOn);

public enum MismatchedField
{
    PersonalId,
    JudgmentDate,
}

/// <summary>The court's and the department's versions of one judgment, which differ in <see cref="Fields"/>.</summary>
public sealed record Mismatch(ListedJudgment Court, HeldJudgment Department, IReadOnlyList<MismatchedField> Fields);

/// <param name="CourtCount">How many entries the court listed.</param>
/// <param name="DepartmentCount">How many convictions of the court in the period the department holds, annulled ones left out.</param>
/// <param name="Matched">Entries both sides hold alike.</param>
/// <param name="MissingHere">Listed by the court, held nowhere here.</param>
/// <param name="MissingAtCourt">Held here with a judgment date in the period, not listed by the court.</param>
/// <param name="Mismatched">The same judgment number on both sides, with another personal ID or judgment date.</param>
/// <param name="Annulled">Listed by the court, held here but annulled since by cassation or re-trial.</param>
public sealed record ReconciliationResult(
    int CourtCount,
    int DepartmentCount,
    int Matched,
    IReadOnlyList<ListedJudgment> MissingHere,
    IReadOnlyList<HeldJudgment> MissingAtCourt,
    IReadOnlyList<Mismatch> Mismatched,
    IReadOnlyList<HeldJudgment> Annulled);

/// <summary>How well the reconciliations a court posted cover a quarter.</summary>
public enum ReconciliationCoverage
{
    /// <summary>One reconciliation covers the whole quarter.</summary>
    Reconciled,

    /// <summary>Reconciliations touch the quarter, but none covers all of it.</summary>
    Partial,

    NotReconciled,
}

/// <summary>
/// Compares what a court says it decided in a period with what the department holds of that court
/// (domain.md §5: the department reconciles with the courts every quarter). Pure.
/// </summary>
public static class JudgmentReconciliation
{
    /// <param name="listed">The court's list: no (number, personal ID) twice.</param>
    /// <param name="held">
    /// The department's convictions of the court with a judgment date in <paramref name="period"/>, and any other of
    /// the court whose judgment number the court listed (so a judgment held under a date outside the period is found
    /// as a mismatch, not as missing). Annulled ones included: a listed judgment that was annulled is reported apart.
    /// </param>
    public static ReconciliationResult Compare(Period period, IReadOnlyList<ListedJudgment> listed, IEnumerable<HeldJudgment> held)
    {
        var all = held.ToList();
        var live = all.Where(h => h.AnnulledOn is null)
            .GroupBy(Key).ToDictionary(g => g.Key, g => new Queue<HeldJudgment>(g.OrderBy(h => h.ConvictionId)));
        var annulled = all.Where(h => h.AnnulledOn is not null)
            .GroupBy(Key).ToDictionary(g => g.Key, g => new Queue<HeldJudgment>(g.OrderBy(h => h.ConvictionId)));

        var matched = 0;
        var mismatched = new List<Mismatch>();
        var annulledListed = new List<HeldJudgment>();
        var unmatchedListed = new List<ListedJudgment>();
        foreach (var entry in listed)
        {
            var key = (CriminalRecord.Comparable(entry.JudgmentNumber), entry.PersonalId);
            if (live.TryGetValue(key, out var same) && same.TryDequeue(out var found))
            {
                if (found.JudgmentDate == entry.JudgmentDate) matched++;
                else mismatched.Add(new Mismatch(entry, found, [MismatchedField.JudgmentDate]));
            }
            else if (annulled.TryGetValue(key, out var gone) && gone.TryDequeue(out var annulledOne))
            {
                annulledListed.Add(annulledOne);
            }
            else
            {
                unmatchedListed.Add(entry);
            }
        }

        // What is left of one judgment number on each side: one entry each is the same person under another ID;
        // more on either side cannot be paired without guessing, so they stay missing.
        var leftHeld = live.Values.SelectMany(q => q).ToList();
        var leftByNumber = leftHeld.ToLookup(h => CriminalRecord.Comparable(h.JudgmentNumber), StringComparer.Ordinal);
        var missingHere = new List<ListedJudgment>();
        var pairedHeld = new HashSet<Guid>();
        foreach (var group in unmatchedListed.GroupBy(l => CriminalRecord.Comparable(l.JudgmentNumber), StringComparer.Ordinal))
        {
            var candidates = leftByNumber[group.Key].ToList();
            if (group.Count() == 1 && candidates.Count == 1)
            {
                var (court, department) = (group.Single(), candidates[0]);
                List<MismatchedField> fields = [MismatchedField.PersonalId];
                if (court.JudgmentDate != department.JudgmentDate) fields.Add(MismatchedField.JudgmentDate);
                mismatched.Add(new Mismatch(court, department, fields));
                pairedHeld.Add(department.ConvictionId);
            }
            else
            {
                missingHere.AddRange(group);
            }
        }
        var missingAtCourt = leftHeld.Where(h => !pairedHeld.Contains(h.ConvictionId) && period.Contains(h.JudgmentDate));

        return new ReconciliationResult(
            listed.Count,
            all.Count(h => h.AnnulledOn is null && period.Contains(h.JudgmentDate)),
            matched,
            [.. missingHere.OrderBy(l => l.JudgmentDate).ThenBy(l => l.JudgmentNumber, StringComparer.Ordinal).ThenBy(l => l.PersonalId, StringComparer.Ordinal)],
            [.. Ordered(missingAtCourt)],
            [.. mismatched.OrderBy(m => m.Court.JudgmentDate).ThenBy(m => m.Court.JudgmentNumber, StringComparer.Ordinal)
                .ThenBy(m => m.Court.PersonalId, StringComparer.Ordinal)],
            [.. Ordered(annulledListed)]);
    }

    /// <summary>Whether the posted periods cover <paramref name="quarter"/>: one of them whole, some of it, or none of it.</summary>
    public static ReconciliationCoverage CoverageOf(Quarter quarter, IEnumerable<Period> posted)
    {
        var periods = posted.ToList();
        if (periods.Any(p => p.Covers(quarter.Period))) return ReconciliationCoverage.Reconciled;
        return periods.Any(p => p.Overlaps(quarter.Period)) ? ReconciliationCoverage.Partial : ReconciliationCoverage.NotReconciled;
    }

    /// <summary>Judgment numbers compared as the record compares them: the court's list and a police file may write one differently.</summary>
    static (string, string) Key(HeldJudgment h) => (CriminalRecord.Comparable(h.JudgmentNumber), h.PersonalId);

    static IEnumerable<HeldJudgment> Ordered(IEnumerable<HeldJudgment> held) =>
        held.OrderBy(h => h.JudgmentDate).ThenBy(h => h.JudgmentNumber, StringComparer.Ordinal).ThenBy(h => h.PersonalId, StringComparer.Ordinal);
}
