using JasperFx.Events;
using JudicialRecords.Domain.Reconciliation;
using JudicialRecords.Domain.Records;
using Marten;
using Marten.Events.Projections;
using Marten.Patching;
using Marten.Schema;

namespace JudicialRecords.Api.Features.Reconciliation;

/// <summary>
/// One conviction as a row of the judgment index, keyed by conviction id: which court's judgment, its number
/// and date, whose, who sent it and whether it was annulled. Reconciliation reads it by court and judgment date
/// (duplicated, indexed columns) instead of folding person streams.
/// </summary>
public sealed class JudgmentIndexEntry
{
    public Guid Id { get; set; }

    /// <summary>The court that rendered the judgment (its <c>court</c> field), whoever sent it.</summary>
    public string Court { get; set; } = "";

    public string JudgmentNumber { get; set; } = "";

    public DateOnly JudgmentDate { get; set; }

    public string PersonalId { get; set; } = "";

    /// <summary>The agency that sent it: the court itself, or the police files, or the legacy import's source.</summary>
    public string Source { get; set; } = "";

    public DateOnly? AnnulledOn { get; set; }

    public HeldJudgment ToHeld() => new(Id, JudgmentNumber, JudgmentDate, PersonalId, Source, AnnulledOn);

    public static JudgmentIndexEntry Of(JudgmentTookEffect e) => new()
    {
        Id = e.ConvictionId, Court = e.Court, JudgmentNumber = e.DocumentNumber, JudgmentDate = e.DocumentDate,
        PersonalId = e.Person.PersonalId, Source = e.Source,
    };

    /// <summary>The rows a person's events give, folded in memory: for writes that bypass the inline projection (the legacy import's bulk path).</summary>
    public static IReadOnlyCollection<JudgmentIndexEntry> FromEvents(IEnumerable<object> events)
    {
        var rows = new Dictionary<Guid, JudgmentIndexEntry>();
        foreach (var e in events)
        {
            if (e is JudgmentTookEffect took) rows[took.ConvictionId] = Of(took);
            else if (e is JudgmentAnnulled annulled && rows.TryGetValue(annulled.ConvictionId, out var row)) row.AnnulledOn = annulled.EffectiveDate;
        }
        return rows.Values;
    }
}

/// <summary>
/// Keeps <see cref="JudgmentIndexEntry"/> in step with the person streams, inline with every append (exchange
/// pushes, police and court answers, the legacy import's ordinary path). The legacy import's bulk COPY bypasses
/// inline projections and writes the rows itself.
/// </summary>
public sealed partial class JudgmentIndexProjection : EventProjection
{
    public JudgmentIndexProjection()
    {
        IncludeType<JudgmentTookEffect>();
        IncludeType<JudgmentAnnulled>();
    }

    public override ValueTask ApplyAsync(IDocumentOperations operations, IEvent e, CancellationToken cancellation)
    {
        switch (e.Data)
        {
            case JudgmentTookEffect took:
                operations.Store(JudgmentIndexEntry.Of(took));
                break;
            case JudgmentAnnulled annulled:
                operations.Patch<JudgmentIndexEntry>(annulled.ConvictionId).Set(x => x.AnnulledOn, annulled.EffectiveDate);
                break;
        }
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// A database that held judgments before the index existed has an empty index: at start-up (a Marten
/// initial-data step, after the schema is applied), once, the index is rebuilt from the events (the legacy
/// import's bulk-copied streams included). Cheap when there is nothing to do: two existence queries.
/// </summary>
public sealed class BackfillJudgmentIndex(ILogger<BackfillJudgmentIndex> logger) : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellationToken)
    {
        await using (var session = store.QuerySession())
        {
            if (await session.Query<JudgmentIndexEntry>().AnyAsync(cancellationToken)
                || !await session.Events.QueryRawEventDataOnly<JudgmentTookEffect>().AnyAsync(cancellationToken))
                return;
        }
        logger.LogWarning("The judgment index is empty while the store holds judgments: rebuilding it from the events.");
        using var daemon = await store.BuildProjectionDaemonAsync();
        await daemon.RebuildProjectionAsync<JudgmentIndexProjection>(cancellationToken);
    }
}
