using JudicialRecords.Domain.Law;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Records;

public enum ExpungementStatus
{
    /// <summary>The person has a record (án tích) for this conviction.</summary>
    Active,

    /// <summary>Expunged: the person is treated as never convicted by this judgment.</summary>
    Expunged,

    /// <summary>The conviction never counts as a record (Art. 69(2), 107(1)), or there is no conviction.</summary>
    NoRecord,
}

/// <param name="ExpungedOn">Set when <see cref="Status"/> is Expunged.</param>
/// <param name="DueOn">
/// For an Active conviction whose conditions are all met, the date it will be expunged unless a new
/// offence intervenes; null when something must still happen first (see <see cref="Basis"/>).
/// </param>
/// <param name="Basis">The article the status rests on, and for an Active conviction what it waits for.</param>
public sealed record ExpungementResult(ExpungementStatus Status, DateOnly? ExpungedOn, DateOnly? DueOn, string Basis);

/// <summary>
/// Expungement (xóa án tích) under Penal Code 2015 as amended 2017, Art. 69–73 and 107, computed from
/// the facts of the record as they stood on an as-of date. Nothing here is stored: the answer changes
/// with the date alone.
/// </summary>
/// <remarks>
/// Waiting periods end on the anniversary of their start: a one-year period from 2020-03-15 expunges on
/// 2021-03-15, as records offices count it.
/// </remarks>
public static class Expungement
{
    private enum Band
    {
        /// <summary>Warning, fine, non-custodial reform, suspended imprisonment.</summary>
        NonCustodial,
        UpToFiveYears,
        FiveToFifteenYears,

        /// <summary>Over fifteen years, life, or a death sentence commuted.</summary>
        OverFifteenYears,
    }

    private static readonly IReadOnlyDictionary<Band, (int Months, string Basis)> AdultPeriods = new Dictionary<Band, (int, string)>
    {
        [Band.NonCustodial] = (12, "Art. 70(2)(a)"),
        [Band.UpToFiveYears] = (24, "Art. 70(2)(b)"),
        [Band.FiveToFifteenYears] = (36, "Art. 70(2)(c)"),
        [Band.OverFifteenYears] = (60, "Art. 70(2)(d)"),
    };

    private static readonly IReadOnlyDictionary<Band, (int Months, string Basis)> MinorPeriods = new Dictionary<Band, (int, string)>
    {
        [Band.NonCustodial] = (6, "Art. 107(2)(a)"),
        [Band.UpToFiveYears] = (12, "Art. 107(2)(b)"),
        [Band.FiveToFifteenYears] = (24, "Art. 107(2)(c)"),
        [Band.OverFifteenYears] = (36, "Art. 107(2)(d)"),
    };

    private enum Kind
    {
        NoRecord,

        /// <summary>Expunged on <see cref="Outcome.On"/>, which may lie after the as-of date.</summary>
        Dated,

        /// <summary>No date can be known until something else happens.</summary>
        Waiting,
    }

    public static ExpungementResult Evaluate(
        Conviction conviction,
        IReadOnlyList<Conviction> allConvictions,
        DateOnly dateOfBirth,
        DateOnly asOf)
    {
        var outcome = new Evaluation(allConvictions, dateOfBirth, asOf).Assess(conviction);
        return outcome.Kind switch
        {
            Kind.NoRecord => new(ExpungementStatus.NoRecord, null, null, outcome.Basis),
            Kind.Dated when outcome.On <= asOf => new(ExpungementStatus.Expunged, outcome.On, null, outcome.Basis),
            Kind.Dated => new(ExpungementStatus.Active, null, outcome.On, outcome.Basis),
            _ => new(ExpungementStatus.Active, null, null, outcome.Basis),
        };
    }

    private sealed record Outcome(Kind Kind, DateOnly? On, string Basis)
    {
        public static Outcome NoRecord(string basis) => new(Kind.NoRecord, null, basis);

        public static Outcome Dated(DateOnly on, string basis) => new(Kind.Dated, on, basis);

        public static Outcome Waiting(string basis) => new(Kind.Waiting, null, basis);
    }

    private sealed class Evaluation(IReadOnlyList<Conviction> all, DateOnly dateOfBirth, DateOnly asOf)
    {
        public Outcome Assess(Conviction c)
        {
            if (c.EffectiveDate > asOf)
            {
                return Outcome.NoRecord($"the judgment took effect only on {c.EffectiveDate:yyyy-MM-dd}");
            }

            if (c.AnnulledOn <= asOf)
            {
                return Outcome.NoRecord("the judgment was annulled: no conviction");
            }

            var terms = c.TermsAsOf(asOf);
            if (c.DecriminalisedOn(terms) is { } decriminalised && decriminalised <= asOf)
            {
                return Outcome.NoRecord($"no offence of the judgment is an offence from {decriminalised:yyyy-MM-dd}: removed from the record");
            }

            var age = Age.InYears(dateOfBirth, c.OffenceDate);
            if (NoRecordBasis(terms, age) is { } noRecord)
            {
                return Outcome.NoRecord(noRecord);
            }

            var byLaw = c.ExpungedOnlyByCourt(terms)
                ? Outcome.Waiting("Art. 71: offences against national security (chapter XIII) and war crimes "
                    + "(chapter XXVI) are expunged only by court decision")
                : Automatic(c, terms.PrincipalPenalty!, terms.SupplementaryPenalties, age < 18);

            var decision = c.CourtDecisions
                .Where(d => d.Granted && d.EffectiveDate <= asOf)
                .MinBy(d => d.EffectiveDate);
            if (decision is not null && !(byLaw.On <= decision.EffectiveDate))
            {
                return Outcome.Dated(
                    decision.EffectiveDate,
                    decision.Basis == CourtExpungementBasis.Article71 ? "Art. 71" : "Art. 72");
            }

            return byLaw;
        }

        private static string? NoRecordBasis(JudgmentTerms terms, int ageAtOffence)
        {
            // Art. 12 sets criminal liability from 14, so every minor convicted under 16 falls here.
            if (ageAtOffence < 16)
            {
                return "Art. 107(1)(a): offence committed aged 14 to under 16";
            }

            if (ageAtOffence < 18 && terms.Offences.All(o =>
                    o.Severity is OffenceSeverity.LessSerious or OffenceSeverity.Serious
                    || (o.Severity is OffenceSeverity.VerySerious && o.Negligent)))
            {
                return "Art. 107(1)(b): offence committed aged 16 to under 18 that is less serious, serious, "
                    + "or very serious by negligence";
            }

            if (terms.PrincipalPenalty is null)
            {
                return "Art. 69(2): exempted from punishment";
            }

            if (terms.Offences.All(o => o.Negligent && o.Severity is OffenceSeverity.LessSerious or OffenceSeverity.Serious))
            {
                return "Art. 69(2): less serious or serious offence committed by negligence";
            }

            return null;
        }

        private Outcome Automatic(
            Conviction c,
            PrincipalPenalty principal,
            IReadOnlyList<SupplementaryPenalty> supplementary,
            bool minor)
        {
            if (BandOf(c, principal) is not { } band)
            {
                return Outcome.Waiting(principal.Type switch
                {
                    PrincipalPenaltyType.Death => "Art. 70(2)(d): a death sentence is expunged only once commuted",
                    PrincipalPenaltyType.Expulsion => "Art. 70(2) sets no automatic period for expulsion as a principal penalty",
                    _ => "Art. 70(2): the judgment states no imprisonment term",
                });
            }

            var (months, basis) = (minor ? MinorPeriods : AdultPeriods)[band];
            if (PrincipalCompletion(c, principal) is not { } completed)
            {
                return Outcome.Waiting($"{basis}: the principal penalty is not yet served");
            }

            if (completed.Basis is { } how)
            {
                basis += $", {how}";
            }

            // The period runs from completion of the whole judgment: the principal penalty and the
            // money it orders (fines, civil obligations, court fee). Art. 107(2) counts a minor's
            // period from the end of the principal penalty or probation alone.
            var start = completed.On;
            if (!minor)
            {
                foreach (var (what, done) in MoneyDecisions(c, principal, supplementary))
                {
                    if (done is not { } on)
                    {
                        return Outcome.Waiting($"{basis}: {what} not yet done");
                    }

                    start = Max(start, on);
                }
            }

            // Supplementary penalties mostly start when the principal one ends (Art. 41–44); one that
            // ends after the period carries expungement to its own end (Art. 70(2), last sentence).
            // Minors receive none (Art. 91(6)).
            var end = start.AddMonths(months);
            foreach (var penalty in supplementary.Where(s => s.Type != SupplementaryPenaltyType.Fine))
            {
                var done = c.SupplementaryPenaltiesCompleted
                    .Where(s => s.PenaltyType == penalty.Type && s.CompletedOn <= asOf)
                    .Select(s => (DateOnly?)s.CompletedOn)
                    .Max();
                if (done is not { } on)
                {
                    return Outcome.Waiting($"{basis}: supplementary penalty {penalty.Type} not yet completed");
                }

                end = Max(end, on);
            }

            return Restarted(c, end, months, basis);
        }

        // Art. 73(2): a new offence committed before the conviction is expunged, once finally judged,
        // restarts the old period from the end of the new principal penalty or probation (domain.md §3):
        // the old conviction's own period, whether or not the new one is expunged by then. Offences
        // committed before the old judgment took effect are not new offences. A restarted conviction is
        // still not expunged: an offence committed in the time a restart added restarts it again, so the
        // window is widened until it holds still.
        private Outcome Restarted(Conviction c, DateOnly end, int months, string basis)
        {
            var restartedEnd = end;
            DateOnly window;
            do
            {
                window = restartedEnd;
                if (RestartBy(c, window, months, basis, ref restartedEnd) is { } waiting) return waiting;
            }
            while (restartedEnd > window);

            return Outcome.Dated(restartedEnd, restartedEnd == end ? basis : $"{basis}, Art. 73(2)");
        }

        /// <summary>
        /// Moves <paramref name="restartedEnd"/> past every new offence committed before <paramref name="window"/>; a
        /// waiting outcome when one of them is not yet served.
        /// </summary>
        private Outcome? RestartBy(Conviction c, DateOnly window, int months, string basis, ref DateOnly restartedEnd)
        {
            foreach (var later in all.Where(n => n.ConvictionId != c.ConvictionId
                && n.IsInEffect(asOf)
                && n.OffenceDate >= c.EffectiveDate
                && n.OffenceDate < window))
            {
                var laterPrincipal = later.TermsAsOf(asOf).PrincipalPenalty;
                DateOnly? laterServed = laterPrincipal is null
                    ? later.EffectiveDate
                    : PrincipalCompletion(later, laterPrincipal)?.On;
                if (laterServed is not { } served)
                {
                    return Outcome.Waiting($"{basis}, Art. 73(2): restarted by the new offence of judgment "
                        + $"{later.JudgmentNumber}, whose principal penalty is not yet served");
                }

                restartedEnd = Max(restartedEnd, served.AddMonths(months));
            }

            return null;
        }

        /// <summary>The band follows the principal penalty pronounced, after amendments (Art. 73(1)).</summary>
        private Band? BandOf(Conviction c, PrincipalPenalty principal) => principal.Type switch
        {
            PrincipalPenaltyType.Warning or PrincipalPenaltyType.Fine or PrincipalPenaltyType.NonCustodialReform => Band.NonCustodial,
            PrincipalPenaltyType.Imprisonment when principal.Suspended => Band.NonCustodial,
            PrincipalPenaltyType.Imprisonment when principal.Months is { } m => m switch
            {
                <= 60 => Band.UpToFiveYears,
                <= 180 => Band.FiveToFifteenYears,
                _ => Band.OverFifteenYears,
            },
            PrincipalPenaltyType.Life => Band.OverFifteenYears,
            PrincipalPenaltyType.Death when c.DeathSentenceCommutedOn <= asOf => Band.OverFifteenYears,
            _ => null,
        };

        /// <summary>
        /// When the principal penalty ended: served, probation over, the rest remitted by amnesty or by the court's
        /// exemption (Art. 62), which count as served (Art. 73(4)), or its enforcement barred by time (Art. 60, which Art. 70(2) puts beside serving it),
        /// whichever came first. A warning is carried out when the judgment takes effect.
        /// </summary>
        private (DateOnly On, string? Basis)? PrincipalCompletion(Conviction c, PrincipalPenalty principal)
        {
            // On the same day, served wins over remitted (by amnesty, then by exemption), and remitted over lapsed.
            return Earlier(Earlier(Earlier(Known(c.PrincipalServedOn(principal), null), Known(c.AmnestiedOn, "Art. 73(4)")),
                Known(c.ExemptedOn, "Art. 62, Art. 73(4)")), Known(c.EnforcementLimitationLapsedOn, "Art. 60"));

            (DateOnly On, string? Basis)? Known(DateOnly? on, string? basis) => on <= asOf ? (on.Value, basis) : null;

            static (DateOnly On, string? Basis)? Earlier((DateOnly On, string? Basis)? a, (DateOnly On, string? Basis)? b) =>
                b is null || (a is { } x && x.On <= b.Value.On) ? a : b;
        }

        private IEnumerable<(string What, DateOnly? Done)> MoneyDecisions(
            Conviction c,
            PrincipalPenalty principal,
            IReadOnlyList<SupplementaryPenalty> supplementary)
        {
            // A principal fine is the principal penalty: paid, remitted or barred by time, PrincipalCompletion has it. A fine
            // the time limit barred or the court remitted is never paid, and asking for its payment would keep the record for good.
            if (principal.Type != PrincipalPenaltyType.Fine && supplementary.Any(s => s.Type == SupplementaryPenaltyType.Fine))
            {
                yield return ("fine payment", Known(c.FinePaidOn));
            }

            if (c.CivilObligations.Count > 0)
            {
                yield return ("civil obligations", Known(c.CivilObligationsCompletedOn));
            }

            if (c.CourtFeeVnd > 0)
            {
                yield return ("court fee payment", Known(c.CourtFeePaidOn));
            }
        }

        private DateOnly? Known(DateOnly? date) => date <= asOf ? date : null;

        private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
    }
}
