namespace JudicialRecords.Domain.Law;

/// <param name="Number">Article number as written in the code: "173", or "164a" for an inserted article.</param>
/// <param name="Chapter">Null for final provisions that stand outside any chapter.</param>
/// <param name="RepealedOn">From when the article no longer defines an offence, if it was repealed.</param>
public sealed record PenalCodeArticle(int Edition, string Number, PenalCodeChapter? Chapter, DateOnly? RepealedOn)
{
    public bool DefinesOffence => Chapter?.DefinesOffences == true;
}
