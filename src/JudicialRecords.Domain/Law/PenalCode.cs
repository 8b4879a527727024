using System.Reflection;
using System.Text.Json;

namespace JudicialRecords.Domain.Law;

/// <summary>
/// One edition of the Penal Code as a table of articles and chapters, loaded from the data files
/// embedded under Data/PenalCode. Article numbers depend on the code in force when the offence was
/// committed, so old police files are read with the 1999 table (domain reference §2).
/// </summary>
public sealed class PenalCode
{
    private static readonly Lazy<PenalCode> Lazy2015 = new(() => Load("PenalCode2015.json"));
    private static readonly Lazy<PenalCode> Lazy1999 = new(() => Load("PenalCode1999.json"));

    private readonly Dictionary<string, PenalCodeArticle> articles;

    private PenalCode(int edition, string title, DateOnly inForceFrom, IReadOnlyList<PenalCodeChapter> chapters, Dictionary<string, PenalCodeArticle> articles)
    {
        Edition = edition;
        Title = title;
        InForceFrom = inForceFrom;
        Chapters = chapters;
        this.articles = articles;
    }

    /// <summary>Penal Code 2015 as amended by Law 12/2017, in force from 2018-01-01.</summary>
    public static PenalCode Code2015 => Lazy2015.Value;

    /// <summary>Penal Code 1999 as amended by Law 37/2009.</summary>
    public static PenalCode Code1999 => Lazy1999.Value;

    public int Edition { get; }

    public string Title { get; }

    public DateOnly InForceFrom { get; }

    public IReadOnlyList<PenalCodeChapter> Chapters { get; }

    /// <summary>
    /// The code whose article numbers describe an offence committed on <paramref name="offenceDate"/>:
    /// 2015 from 2018-01-01, 1999 before. Offences before 2000-07-01 fell under the 1985 code, which
    /// is not tabled; the 1999 table is the closest the system has for them.
    /// </summary>
    public static PenalCode For(DateOnly offenceDate) =>
        offenceDate >= Code2015.InForceFrom ? Code2015 : Code1999;

    public Result<PenalCodeArticle> FindArticle(string? article)
    {
        var key = article?.Trim().ToLowerInvariant();
        if (key is not null && articles.TryGetValue(key, out var found))
        {
            return found;
        }

        return new DomainError(
            "penal-code.unknown-article",
            $"The Penal Code {Edition} has no article '{article}'.",
            "article");
    }

    /// <summary>An article that defined an offence on <paramref name="offenceDate"/>.</summary>
    public Result<PenalCodeArticle> FindOffence(string? article, DateOnly offenceDate)
    {
        var found = FindArticle(article);
        if (!found.IsSuccess)
        {
            return found;
        }

        var value = found.Value;
        if (!value.DefinesOffence)
        {
            return new DomainError(
                "penal-code.not-an-offence",
                $"Article {value.Number} of the Penal Code {Edition} is in the general part and defines no offence.",
                "article");
        }

        if (value.RepealedOn <= offenceDate)
        {
            return new DomainError(
                "penal-code.repealed-article",
                $"Article {value.Number} of the Penal Code {Edition} was repealed from {value.RepealedOn:yyyy-MM-dd}.",
                "article");
        }

        return value;
    }

    public PenalCodeChapter? ChapterByNumeral(string? numeral) =>
        Chapters.FirstOrDefault(c => string.Equals(c.Numeral, numeral?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static PenalCode Load(string fileName)
    {
        var assembly = typeof(PenalCode).Assembly;
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("PenalCode." + fileName, StringComparison.Ordinal));
        using var stream = assembly.GetManifestResourceStream(resource)!;
        var data = JsonSerializer.Deserialize<CodeData>(stream, new JsonSerializerOptions(JsonSerializerDefaults.Web))
            ?? throw new InvalidOperationException($"{fileName} is empty.");

        var chapters = data.Chapters
            .Select(c => new PenalCodeChapter(c.Numeral, c.Title, c.FirstArticle, c.LastArticle, c.DefinesOffences, c.ExpungedOnlyByCourt))
            .ToList();
        var repealed = data.RepealedArticles.ToDictionary(r => r.Article, r => (DateOnly?)r.RepealedOn);
        var result = new Dictionary<string, PenalCodeArticle>();

        void Add(string number, PenalCodeChapter? chapter)
        {
            if (!result.TryAdd(number, new PenalCodeArticle(data.Edition, number, chapter, repealed.GetValueOrDefault(number))))
            {
                throw new InvalidOperationException($"{fileName}: article {number} is listed twice.");
            }
        }

        foreach (var chapter in chapters)
        {
            for (var n = chapter.FirstArticle; n <= chapter.LastArticle; n++)
            {
                Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture), chapter);
            }
        }

        foreach (var n in data.ArticlesOutsideChapters)
        {
            Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture), null);
        }

        // An inserted article ("164a") sits right after its base article, in the same chapter.
        foreach (var inserted in data.InsertedArticles)
        {
            var baseNumber = inserted.TrimEnd('a', 'b', 'c', 'd', 'e');
            Add(inserted, result[baseNumber].Chapter);
        }

        if (repealed.Keys.FirstOrDefault(a => !result.ContainsKey(a)) is { } unknown)
        {
            throw new InvalidOperationException($"{fileName}: repealed article {unknown} is not in the code.");
        }

        return new PenalCode(data.Edition, data.Title, data.InForceFrom, chapters, result);
    }

    private sealed record CodeData(
        int Edition,
        string Title,
        DateOnly InForceFrom,
        IReadOnlyList<ChapterData> Chapters,
        IReadOnlyList<int> ArticlesOutsideChapters,
        IReadOnlyList<string> InsertedArticles,
        IReadOnlyList<RepealData> RepealedArticles);

    private sealed record ChapterData(string Numeral, string Title, int FirstArticle, int LastArticle, bool DefinesOffences, bool ExpungedOnlyByCourt);

    private sealed record RepealData(string Article, DateOnly RepealedOn);
}
