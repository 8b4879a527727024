using JudicialRecords.Domain.Applications;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Domain.Certificates;

/// <summary>Which of the two certificate forms (Law 28/2009 Art. 41) is issued.</summary>
public enum CertificateForm
{
    /// <summary>Phiếu số 1: unexpunged convictions only; bankruptcy ban only on request.</summary>
    One = 1,

    /// <summary>Phiếu số 2: the whole record, expunged convictions included, for procedural agencies or the person.</summary>
    Two = 2,
}

public static class CertificateForms
{
    /// <summary>The certificate form an application asks for.</summary>
    public static CertificateForm Of(FormType form) => form == FormType.Form2 ? CertificateForm.Two : CertificateForm.One;
}

/// <summary>What the requester asked for.</summary>
/// <param name="Person">
/// The person the certificate is about, as the request states them (and the population register
/// confirmed). Printed when the person has no record; a record's own identity data wins otherwise.
/// </param>
/// <param name="IncludeBankruptcyBan">Form 1 only: print the bankruptcy-ban block. Form 2 always prints it.</param>
/// <param name="RequestedBy">The procedural agency that asked, printed with its letter; null when the person (or an agent) asked.</param>
/// <param name="RequestedByBody">The state body that asked (Form 1), printed with its letter.</param>
public sealed record CertificateRequest(
    CertificateForm Form,
    PersonDetails Person,
    bool IncludeBankruptcyBan = false,
    RequestingAgency? RequestedBy = null,
    RequestingBody? RequestedByBody = null);
