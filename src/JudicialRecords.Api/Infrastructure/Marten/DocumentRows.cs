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
        InsertFrom(table, parameter(1), $"unnest({parameter(2)}::uuid[], {parameter(3)}::text[])");

    /// <summary>The INSERT of the rows of <paramref name="documents"/> (a row source of an id and a document as JSON text).</summary>
    /// <param name="typeName">The type name's SQL (a parameter); see <see cref="Values{T}"/>.</param>
    public static string InsertFrom(string table, string typeName, string documents) =>
        $"insert into {table} (id, data, mt_version, mt_dotnet_type, mt_last_modified) select id, data::jsonb, gen_random_uuid(), " +
        $"{typeName}, transaction_timestamp() from {documents} as document(id, data)";

    /// <summary>The INSERT's parameters, in order: the type name, the ids, the documents as JSON.</summary>
    public static object[] Values<T>(ISerializer serializer, IReadOnlyCollection<T> documents, Func<T, Guid> id) where T : notnull =>
        [typeof(T).FullName!, documents.Select(id).ToArray(), documents.Select(d => serializer.ToJson(d)).ToArray()];
}
