namespace JudicialRecords.Documents.Verification;

/// <summary>
/// Collects check results and remembers the decisive failure: the first TOTAL_FAILED, else the first
/// INDETERMINATE (ETSI EN 319 102-1 lets a definite failure override an indeterminate one).
/// </summary>
internal sealed class Findings
{
    private readonly List<CheckResult> _checks = [];
    private Failure? _failed;
    private Failure? _indeterminate;

    public readonly record struct Failure(Indication Indication, SubIndication SubIndication, string Reason);

    public IReadOnlyList<CheckResult> Checks => _checks;

    /// <summary>The decisive failure, or null when everything passed.</summary>
    public Failure? Verdict => _failed ?? _indeterminate;

    public Indication Indication => Verdict?.Indication ?? Indication.TotalPassed;

    public SubIndication? SubIndication => Verdict?.SubIndication;

    public string? Reason => Verdict?.Reason;

    public void Pass(VerificationCheck check, string detail) => _checks.Add(new CheckResult(check, true, detail));

    public void Fail(VerificationCheck check, Indication indication, SubIndication subIndication, string detail)
    {
        _checks.Add(new CheckResult(check, false, detail));
        Record(new Failure(indication, subIndication, detail));
    }

    /// <summary>Takes over another component's verdict (a signature's into the document's) without its checks.</summary>
    public void Record(Failure failure)
    {
        if (failure.Indication == Indication.TotalFailed)
            _failed ??= failure;
        else if (failure.Indication == Indication.Indeterminate)
            _indeterminate ??= failure;
    }
}
