namespace JudicialRecords.Domain.People;

/// <summary>Identity as a record holds it (Law 28/2009 Art. 43; Circular 13/2011 Art. 6).</summary>
public sealed record PersonDetails(
    string PersonalId,
    string FullName,
    IReadOnlyList<string> OtherNames,
    DateOnly DateOfBirth,
    Sex Sex,
    string? PlaceOfBirth,
    string Nationality,
    string? Ethnicity,
    string? Residence,
    string? FatherName,
    string? MotherName,
    string? SpouseName)
{
    /// <summary>
    /// These details, from a later message, over the <paramref name="stored"/> ones: what the message states wins, and what
    /// it leaves out (a missing field, no other names, no nationality stated) keeps its stored value. Leaving a field out
    /// does not say it is empty: a bankruptcy ban naming only the person must not erase the parents' names Form 2 prints.
    /// </summary>
    public PersonDetails Over(PersonDetails stored, bool nationalityStated) => this with
    {
        OtherNames = OtherNames.Count > 0 ? OtherNames : stored.OtherNames,
        PlaceOfBirth = PlaceOfBirth ?? stored.PlaceOfBirth,
        Nationality = nationalityStated ? Nationality : stored.Nationality,
        Ethnicity = Ethnicity ?? stored.Ethnicity,
        Residence = Residence ?? stored.Residence,
        FatherName = FatherName ?? stored.FatherName,
        MotherName = MotherName ?? stored.MotherName,
        SpouseName = SpouseName ?? stored.SpouseName,
    };
}
