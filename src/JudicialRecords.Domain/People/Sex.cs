namespace JudicialRecords.Domain.People;

public enum Sex
{
    Male,
    Female,
}
