using Marten;

namespace JudicialRecords.Api.Infrastructure.Marten;

/// <summary>
/// Many documents of one type inserted by one statement, in the row Marten itself writes for them (its serializer, its type name,
/// a new version, the time of the transaction), where a hot path cannot afford a statement a document. The table is the one
/// Marten creates at start-up; a document whose configuration adds a column (a duplicated field) cannot be written this way.
/// </summary>
public static class DocumentRows
{
    /// <summary>The INSERT, its three parameters spelled by <paramref name="parameter"/> (1 to 3): Marten's <c>?</c> or Npgsql's <c>$n</c>.</summary>
    public static string Insert(string table, Func<int, string> parameter) =>
        $"insert into {table} (id, data, mt_version, mt_dotnet_type, mt_last_modified) select id, data::jsonb, gen_random_uuid(), " +
        $"{parameter(1)}, transaction_timestamp() from unnest({parameter(2)}::uuid[], {parameter(3)}::text[]) as document(id, data)";

    /// <summary>The INSERT's parameters, in order: the type name, the ids, the documents as JSON.</summary>
    public static object[] Values<T>(ISerializer serializer, IReadOnlyCollection<T> documents, Func<T, Guid> id) where T : notnull =>
        [typeof(T).FullName!, documents.Select(id).ToArray(), documents.Select(d => serializer.ToJson(d)).ToArray()];
}
