using System.Text;
using JudicialRecords.Api.Features.Population;
using JudicialRecords.Domain.People;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Compares the identity a request states with the population register. Names compare after NFC
/// normalisation, case-insensitively (Unicode simple case folding: Đ = đ, Ạ = ạ) and with runs of white space collapsed;
/// birth date and sex compare exactly. What the register holds is never echoed back.
/// </summary>
public static class IdentityCheck
{
    /// <summary>Every field of <paramref name="stated"/> that disagrees with the register, as a field path under <paramref name="path"/>.</summary>
    public static Dictionary<string, string[]> Mismatches(string path, PersonDetails stated, RegisteredPerson registered)
    {
        var errors = new Dictionary<string, string[]>();
        if (!SameName(stated.FullName, registered.FullName))
            errors[$"{path}.fullName"] = ["The full name differs from the population register's for this personal ID."];
        if (stated.DateOfBirth != registered.DateOfBirth)
            errors[$"{path}.dateOfBirth"] = ["The date of birth differs from the population register's for this personal ID."];
        if (stated.Sex != registered.Sex)
            errors[$"{path}.sex"] = ["The sex differs from the population register's for this personal ID."];
        return errors;
    }

    public static bool SameName(string a, string b) =>
        string.Equals(Normal(a), Normal(b), StringComparison.OrdinalIgnoreCase);

    static string Normal(string name) =>
        string.Join(' ', name.Normalize(NormalizationForm.FormC).Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
