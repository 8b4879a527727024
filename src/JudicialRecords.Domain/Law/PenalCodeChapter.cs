namespace JudicialRecords.Domain.Law;

/// <param name="Numeral">Roman numeral as printed in the code, e.g. "XIII".</param>
/// <param name="Title">The chapter title in Vietnamese.</param>
/// <param name="DefinesOffences">True for the chapters of the special part (Phần các tội phạm).</param>
/// <param name="ExpungedOnlyByCourt">
/// Convictions under this chapter are never expunged automatically, only by a court decision
/// (2015 code Art. 70(1), 71: chapters XIII and XXVI; read for the 1999 code as its equivalents XI and XXIV).
/// </param>
public sealed record PenalCodeChapter(
    string Numeral,
    string Title,
    int FirstArticle,
    int LastArticle,
    bool DefinesOffences,
    bool ExpungedOnlyByCourt);
