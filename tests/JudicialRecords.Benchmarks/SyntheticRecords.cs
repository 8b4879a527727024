using System.Text.Json.Nodes;

namespace JudicialRecords.Benchmarks;

/// <summary>Realistic, valid judgments for load: personal IDs agree with birth date and sex, articles exist.</summary>
static class SyntheticRecords
{
    static readonly string[] Names = ["Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Hoàng Dũng", "Phạm Thị Hồng Nhung", "Võ Minh Tuấn", "Đặng Thị Thu Hà"];

    /// <summary>A judgment of the 2015 code (theft, Art. 173) for person number <paramref name="serial"/> of <paramref name="province"/>.</summary>
    public static JsonObject Judgment(string province, int serial, Random random)
    {
        var (person, born) = Person(province, serial, random, earliestBirthYear: 1960, latestBirthYear: 1995);
        var judged = new DateOnly(2019, 1, 1).AddDays(random.Next(0, 2000));
        return Build(person, judged, judged.AddMonths(-random.Next(2, 12)), "173", random);
    }

    /// <summary>A pre-2010 police file entry (1999 code, theft is Art. 138) for the legacy import, often served in full.</summary>
    public static JsonObject LegacyLine(string province, int serial, Random random)
    {
        var (person, _) = Person(province, serial, random, earliestBirthYear: 1950, latestBirthYear: 1984);
        var judged = new DateOnly(2000, 1, 1).AddDays(random.Next(0, 3500));
        var line = Build(person, judged, judged.AddMonths(-random.Next(2, 12)), "138", random);
        line["source"] = "CA-DNA";
        var months = (int)line["principalPenalty"]!["months"]!;
        var completed = judged.AddDays(15).AddMonths(months);
        if (random.Next(4) > 0 && completed < new DateOnly(2010, 1, 1)) line["completedOn"] = Iso(completed);
        return line;
    }

    static (JsonObject Person, DateOnly Born) Person(string province, int serial, Random random, int earliestBirthYear, int latestBirthYear)
    {
        var female = random.Next(2) == 1;
        var born = new DateOnly(random.Next(earliestBirthYear, latestBirthYear + 1), random.Next(1, 13), random.Next(1, 29));
        var century = (born.Year / 100 - 19) * 2 + (female ? 1 : 0);
        var person = new JsonObject
        {
            ["personalId"] = $"{province}{century}{born.Year % 100:00}{serial % 1_000_000:000000}",
            ["fullName"] = Names[random.Next(Names.Length)],
            ["dateOfBirth"] = Iso(born),
            ["sex"] = female ? "female" : "male",
            ["nationality"] = "Việt Nam",
            ["residence"] = "Biên Hòa, Đồng Nai",
        };
        return (person, born);
    }

    static JsonObject Build(JsonObject person, DateOnly judged, DateOnly offence, string article, Random random) => new()
    {
        ["judgmentNumber"] = $"{random.Next(1, 999_999)}/{judged.Year}/HS-ST",
        ["court"] = "TAND-DNA",
        ["judgmentDate"] = Iso(judged),
        ["effectiveDate"] = Iso(judged.AddDays(15)),
        ["offenceDate"] = Iso(offence),
        ["person"] = person,
        ["offences"] = new JsonArray(new JsonObject { ["article"] = article, ["clause"] = "1", ["name"] = "Trộm cắp tài sản", ["severity"] = "lessSerious" }),
        ["principalPenalty"] = new JsonObject { ["type"] = "imprisonment", ["months"] = random.Next(6, 48) },
        ["courtFeeVnd"] = 200_000,
    };

    static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd");
}
