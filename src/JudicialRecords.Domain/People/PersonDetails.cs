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
    string? SpouseName);
