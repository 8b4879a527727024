using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Records;

/// <summary>
/// A person's judicial record folded from the events of their stream (one stream per person,
/// keyed by personal ID). Holds facts only; expungement is computed on reading
/// (<see cref="ExpungementAsOf"/>) because it changes with the date, not with events.
/// Settable properties let a document store rebuild it.
/// </summary>
public sealed class CriminalRecord
{
    /// <summary>The person's 12-digit personal ID (passport number for foreigners).</summary>
    public string Id { get; set; } = "";

    public long Version { get; set; }

    public PersonDetails? Person { get; set; }

    /// <summary>Date of the document that last set <see cref="Person"/>; newer documents may update it.</summary>
    public DateOnly? PersonDetailsAsOf { get; set; }

    /// <summary>Convictions in the order their judgments arrived, annulled ones included for the history.</summary>
    public List<Conviction> Convictions { get; set; } = [];

    public List<BankruptcyBan> BankruptcyBans { get; set; } = [];

    public Conviction? FindConviction(Guid convictionId) =>
        Convictions.Find(c => c.ConvictionId == convictionId);

    /// <summary>
    /// The conviction of judgment <paramref name="judgmentNumber"/> of <paramref name="court"/>, or of the same number and
    /// <paramref name="judgmentDate"/>, whoever sent it (the court, the police files, the legacy import): one judgment is on
    /// a person's record once. Courts push their code; police files and digitised records name the court as written
    /// ("TAND tỉnh Đồng Nai"), so a judgment of this person with the same number handed down the same day is the same one.
    /// Compared without case, white space or Unicode form, and each court as <paramref name="courtOf"/> names it when given
    /// (a directory that knows a court written out by name by its code).
    /// </summary>
    public Conviction? FindJudgment(string court, string judgmentNumber, DateOnly? judgmentDate = null, Func<string, string>? courtOf = null)
    {
        courtOf ??= text => text;
        var (number, by) = (Comparable(judgmentNumber), Comparable(courtOf(court)));
        return Convictions.Find(c => Comparable(c.JudgmentNumber) == number
                                     && (Comparable(courtOf(c.Court)) == by || (judgmentDate is { } on && c.JudgmentDate == on)));
    }

    /// <summary>
    /// The conviction of this judgment when the record holds it already, under <paramref name="convictionId"/> or, sent by
    /// someone else, as <see cref="FindJudgment"/> finds it: such a judgment is not added again.
    /// </summary>
    public Conviction? FindOnRecord(Guid convictionId, string court, string judgmentNumber, DateOnly? judgmentDate = null) =>
        FindConviction(convictionId) ?? FindJudgment(court, judgmentNumber, judgmentDate);

    /// <summary>A judgment number or court as compared: without case, white space or Unicode form ("12/2009/hs-st " is "12/2009/HS-ST").</summary>
    public static string Comparable(string text) =>
        string.Concat(text.Normalize(System.Text.NormalizationForm.FormC).Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    /// <summary>Throws when the record has no person yet: a conviction always brings one.</summary>
    public ExpungementResult ExpungementAsOf(Conviction conviction, DateOnly asOf) =>
        Expungement.Evaluate(
            conviction,
            Convictions,
            (Person ?? throw new InvalidOperationException("The record has no person details.")).DateOfBirth,
            asOf);

    /// <summary>The record of <paramref name="personalId"/> folded from its events in stream order.</summary>
    public static CriminalRecord Replay(string personalId, IEnumerable<IRecordEvent> events)
    {
        var record = new CriminalRecord { Id = personalId };
        foreach (var e in events)
        {
            record.Apply(e);
            record.Version++;
        }
        return record;
    }

    public void Apply(IRecordEvent e)
    {
        switch (e)
        {
            case JudgmentTookEffect x: Apply(x); break;
            case PrincipalPenaltyCompleted x: Apply(x); break;
            case ProbationCompleted x: Apply(x); break;
            case SupplementaryPenaltyCompleted x: Apply(x); break;
            case FinePaid x: Apply(x); break;
            case CivilObligationsCompleted x: Apply(x); break;
            case CourtFeePaid x: Apply(x); break;
            case SentenceReduced x: Apply(x); break;
            case Amnestied x: Apply(x); break;
            case DeathSentenceCommuted x: Apply(x); break;
            case EnforcementLimitationLapsed x: Apply(x); break;
            case SentenceExempted x: Apply(x); break;
            case JudgmentAmended x: Apply(x); break;
            case JudgmentAnnulled x: Apply(x); break;
            case ExpungementGranted x: Apply(x); break;
            case ExpungementRefused x: Apply(x); break;
            case BankruptcyBanImposed x: Apply(x); break;
            case PersonDetailsUpdated x: Apply(x); break;
            default: throw new ArgumentException($"{e.GetType().Name} is not a record event this aggregate knows.", nameof(e));
        }
    }

    public void Apply(JudgmentTookEffect e)
    {
        if (Id.Length == 0)
        {
            Id = e.Person.PersonalId;
        }

        // Later changes to the identity data arrive as PersonDetailsUpdated, so that a judgment
        // received late never overwrites newer details.
        if (Person is null)
        {
            Person = e.Person;
            PersonDetailsAsOf = e.DocumentDate;
        }
        Convictions.Add(new Conviction(
            e.ConvictionId, e.Court, e.DocumentNumber, e.DocumentDate, e.EffectiveDate, e.OffenceDate,
            e.Terms, e.CourtFeeVnd, e.CivilObligations));
    }

    public void Apply(PrincipalPenaltyCompleted e) => Update(e, c => c with { PrincipalPenaltyCompletedOn = e.EffectiveDate });

    public void Apply(ProbationCompleted e) => Update(e, c => c with { ProbationCompletedOn = e.EffectiveDate });

    public void Apply(SupplementaryPenaltyCompleted e) => Update(e, c => c with
    {
        SupplementaryPenaltiesCompleted = [.. c.SupplementaryPenaltiesCompleted, new(e.PenaltyType, e.EffectiveDate)],
    });

    public void Apply(FinePaid e) => Update(e, c => c with { FinePaidOn = e.EffectiveDate });

    public void Apply(CivilObligationsCompleted e) => Update(e, c => c with { CivilObligationsCompletedOn = e.EffectiveDate });

    public void Apply(CourtFeePaid e) => Update(e, c => c with { CourtFeePaidOn = e.EffectiveDate });

    public void Apply(SentenceReduced e) => Update(e, c => c with
    {
        SentenceReductions = [.. c.SentenceReductions, new(e.DocumentNumber, e.EffectiveDate, e.ReducedByMonths)],
    });

    public void Apply(Amnestied e) => Update(e, c => c with { AmnestiedOn = e.EffectiveDate });

    public void Apply(DeathSentenceCommuted e) => Update(e, c => c with { DeathSentenceCommutedOn = e.EffectiveDate });

    public void Apply(EnforcementLimitationLapsed e) => Update(e, c => c with { EnforcementLimitationLapsedOn = e.EffectiveDate });

    public void Apply(SentenceExempted e) => Update(e, c => c with { ExemptedOn = e.EffectiveDate });

    public void Apply(JudgmentAmended e) => Update(e, c => c with
    {
        Amendments = [.. c.Amendments, new(e.DocumentNumber, e.EffectiveDate, e.Terms, e.Source, e.DocumentDate)],
    });

    public void Apply(JudgmentAnnulled e) => Update(e, c => c with { AnnulledOn = e.EffectiveDate });

    public void Apply(ExpungementGranted e) => Update(e, c => c with
    {
        CourtDecisions = [.. c.CourtDecisions, new(e.DocumentNumber, e.EffectiveDate, e.Basis, Granted: true, Reason: null)],
    });

    public void Apply(ExpungementRefused e) => Update(e, c => c with
    {
        CourtDecisions = [.. c.CourtDecisions, new(e.DocumentNumber, e.EffectiveDate, e.Basis, Granted: false, e.Reason)],
    });

    public void Apply(BankruptcyBanImposed e) =>
        BankruptcyBans.Add(new BankruptcyBan(e.BanId, e.DocumentNumber, e.DocumentDate, e.Court, e.Post, e.StartDate, e.Months));

    public void Apply(PersonDetailsUpdated e)
    {
        Person = e.Person;
        PersonDetailsAsOf = e.DocumentDate;
    }

    // Decisions reject events for unknown convictions before they are appended; replaying
    // history must not fail, so an unmatched id changes nothing here.
    private void Update(IConvictionEvent e, Func<Conviction, Conviction> change)
    {
        var index = Convictions.FindIndex(c => c.ConvictionId == e.ConvictionId);
        if (index >= 0)
        {
            Convictions[index] = change(Convictions[index]);
        }
    }
}
