using JudicialRecords.Domain.Records;

namespace JudicialRecords.Domain.Tests.Records;

internal static class ExpungementAssert
{
    /// <summary>
    /// Active the day before <paramref name="expungedOn"/>, expunged from that day with the given basis.
    /// When the expunging fact itself only takes effect on that day (a court decision, the end of a
    /// supplementary penalty), the day before cannot know the date: pass <paramref name="dueKnownTheDayBefore"/> false.
    /// </summary>
    public static void ExpungedExactlyOn(RecordBuilder builder, Guid id, DateOnly expungedOn, string basis, bool dueKnownTheDayBefore = true)
    {
        var dayBefore = builder.StatusOf(id, expungedOn.AddDays(-1));
        Assert.Equal(ExpungementStatus.Active, dayBefore.Status);
        if (dueKnownTheDayBefore)
        {
            Assert.Equal(expungedOn, dayBefore.DueOn);
        }

        var onTheDay = builder.StatusOf(id, expungedOn);
        Assert.Equal(ExpungementStatus.Expunged, onTheDay.Status);
        Assert.Equal(expungedOn, onTheDay.ExpungedOn);
        Assert.Equal(basis, onTheDay.Basis);
    }

    public static void NoRecord(ExpungementResult result, string basisStart)
    {
        Assert.Equal(ExpungementStatus.NoRecord, result.Status);
        Assert.StartsWith(basisStart, result.Basis, StringComparison.Ordinal);
    }
}
