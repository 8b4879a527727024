using JudicialRecords.Domain.People;
using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Tests.Records;

/// <summary>Builds a record the way production does: by applying events to the aggregate.</summary>
internal sealed class RecordBuilder
{
    public static readonly DateOnly AdultBirthDate = new(1980, 5, 10);

    private readonly CriminalRecord record = new();
    private readonly PersonDetails person;
    private int documents;

    public RecordBuilder(DateOnly? dateOfBirth = null)
    {
        person = new PersonDetails(
            "001080001234", "Nguyễn Văn An", [], dateOfBirth ?? AdultBirthDate, Sex.Male, "Hà Nội",
            "Việt Nam", "Kinh", "Biên Hòa, Đồng Nai", null, null, null);
    }

    public CriminalRecord Record => record;

    public static Offence Theft { get; } = new("173", "1", "Trộm cắp tài sản", "XVI", OffenceSeverity.LessSerious, Negligent: false);

    public static Offence Offence(string article, string chapter, OffenceSeverity severity, bool negligent = false) =>
        new(article, null, "offence", chapter, severity, negligent);

    public static PrincipalPenalty Principal(PrincipalPenaltyType type, int? months = null, bool suspended = false) =>
        new(type, months, type == PrincipalPenaltyType.Fine ? 20_000_000 : null, suspended, suspended ? 24 : null);

    public static PrincipalPenalty Prison(int months) => Principal(PrincipalPenaltyType.Imprisonment, months);

    public Guid Convict(
        PrincipalPenalty? principal,
        DateOnly offenceDate,
        DateOnly effectiveDate,
        Offence[]? offences = null,
        SupplementaryPenalty[]? supplementary = null,
        long courtFeeVnd = 0,
        CivilObligation[]? civilObligations = null)
    {
        var id = Guid.NewGuid();
        record.Apply(new JudgmentTookEffect(
            id, "TAND-DNA", Doc(), effectiveDate.AddDays(-15), effectiveDate, "TAND tỉnh Đồng Nai", offenceDate, person,
            new JudgmentTerms(offences ?? [Theft], principal, supplementary ?? []),
            courtFeeVnd, civilObligations ?? []));
        return id;
    }

    /// <summary>Marks the principal penalty done the way its type is done in practice.</summary>
    public RecordBuilder Completed(Guid id, DateOnly on)
    {
        var principal = record.FindConviction(id)!.TermsAsOf(DateOnly.MaxValue).PrincipalPenalty!;
        switch (principal)
        {
            case { Type: PrincipalPenaltyType.Fine }:
                record.Apply(new FinePaid(id, "THADS-DNA", Doc(), on, on, principal.FineVnd ?? 0));
                break;
            case { Type: PrincipalPenaltyType.Imprisonment, Suspended: true }:
                record.Apply(new ProbationCompleted(id, "THADS-DNA", Doc(), on, on));
                break;
            case { Type: PrincipalPenaltyType.Warning }:
                break;
            default:
                record.Apply(new PrincipalPenaltyCompleted(id, "CA-DNA", Doc(), on, on));
                break;
        }

        return this;
    }

    public RecordBuilder Apply(Func<string, IConvictionEvent> build)
    {
        switch (build(Doc()))
        {
            case PrincipalPenaltyCompleted e: record.Apply(e); break;
            case ProbationCompleted e: record.Apply(e); break;
            case SupplementaryPenaltyCompleted e: record.Apply(e); break;
            case FinePaid e: record.Apply(e); break;
            case CivilObligationsCompleted e: record.Apply(e); break;
            case CourtFeePaid e: record.Apply(e); break;
            case SentenceReduced e: record.Apply(e); break;
            case Amnestied e: record.Apply(e); break;
            case DeathSentenceCommuted e: record.Apply(e); break;
            case EnforcementLimitationLapsed e: record.Apply(e); break;
            case SentenceExempted e: record.Apply(e); break;
            case JudgmentAmended e: record.Apply(e); break;
            case JudgmentAnnulled e: record.Apply(e); break;
            case ExpungementGranted e: record.Apply(e); break;
            case ExpungementRefused e: record.Apply(e); break;
            default: throw new ArgumentOutOfRangeException(nameof(build));
        }

        return this;
    }

    public ExpungementResult StatusOf(Guid id, DateOnly asOf) =>
        record.ExpungementAsOf(record.FindConviction(id)!, asOf);

    private string Doc() => $"{++documents}/2020/QĐ";
}
