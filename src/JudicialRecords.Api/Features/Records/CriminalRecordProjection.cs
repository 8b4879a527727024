using JudicialRecords.Domain.Records;
using Marten.Events.Aggregation;

namespace JudicialRecords.Api.Features.Records;

/// <summary>
/// Folds a person's stream into the <see cref="CriminalRecord"/> snapshot, inline with each append. The
/// aggregate lives in the pure Domain project, where Marten's source generator does not run, so the
/// dispatch to its Apply methods is declared here, in an assembly the generator sees.
/// </summary>
public sealed partial class CriminalRecordProjection : SingleStreamProjection<CriminalRecord, string>
{
    public void Apply(JudgmentTookEffect e, CriminalRecord record) => record.Apply(e);

    public void Apply(PrincipalPenaltyCompleted e, CriminalRecord record) => record.Apply(e);

    public void Apply(ProbationCompleted e, CriminalRecord record) => record.Apply(e);

    public void Apply(SupplementaryPenaltyCompleted e, CriminalRecord record) => record.Apply(e);

    public void Apply(FinePaid e, CriminalRecord record) => record.Apply(e);

    public void Apply(CivilObligationsCompleted e, CriminalRecord record) => record.Apply(e);

    public void Apply(CourtFeePaid e, CriminalRecord record) => record.Apply(e);

    public void Apply(SentenceReduced e, CriminalRecord record) => record.Apply(e);

    public void Apply(Amnestied e, CriminalRecord record) => record.Apply(e);

    public void Apply(DeathSentenceCommuted e, CriminalRecord record) => record.Apply(e);

    public void Apply(EnforcementLimitationLapsed e, CriminalRecord record) => record.Apply(e);

    public void Apply(SentenceExempted e, CriminalRecord record) => record.Apply(e);

    public void Apply(JudgmentAmended e, CriminalRecord record) => record.Apply(e);

    public void Apply(JudgmentAnnulled e, CriminalRecord record) => record.Apply(e);

    public void Apply(ExpungementGranted e, CriminalRecord record) => record.Apply(e);

    public void Apply(ExpungementRefused e, CriminalRecord record) => record.Apply(e);

    public void Apply(BankruptcyBanImposed e, CriminalRecord record) => record.Apply(e);

    public void Apply(PersonDetailsUpdated e, CriminalRecord record) => record.Apply(e);
}
