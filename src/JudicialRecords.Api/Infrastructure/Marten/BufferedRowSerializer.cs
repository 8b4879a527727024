using System.Buffers;
using System.Data.Common;
using Marten;
using Npgsql;
using Weasel.Core;
using ISerializer = Marten.ISerializer;

namespace JudicialRecords.Api.Infrastructure.Marten;

/// <summary>
/// Marten's System.Text.Json serializer, except that a document or event read from a row is deserialized from the row
/// in memory, synchronously, also on Marten's asynchronous paths (<c>LoadAsync</c>, <c>FetchStreamAsync</c>, the
/// projection daemon). Marten reads there through <c>JsonSerializer.DeserializeAsync</c> over the column's stream,
/// System.Text.Json's resumable mode, which for records with constructor parameters (all of the Domain's) runs the
/// slower converters that can stop and resume mid-object: 6.8 % of all CPU in a profile of the record lookups, for a
/// 1.4 KB snapshot. Npgsql has read the whole row before the reader hands out a column (Marten reads rows in
/// Npgsql's default, non-sequential mode), so reading it synchronously waits for nothing.
/// </summary>
public sealed class BufferedRowSerializer(ISerializer inner) : ISerializer
{
    public ValueTask<T> FromJsonAsync<T>(DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson<T>(reader, index));

    public ValueTask<object> FromJsonAsync(Type type, DbDataReader reader, int index, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(inner.FromJson(type, reader, index));

    public T FromJson<T>(DbDataReader reader, int index) => inner.FromJson<T>(reader, index);
    public object FromJson(Type type, DbDataReader reader, int index) => inner.FromJson(type, reader, index);
    public T FromJson<T>(Stream stream) => inner.FromJson<T>(stream);
    public object FromJson(Type type, Stream stream) => inner.FromJson(type, stream);
    public ValueTask<T> FromJsonAsync<T>(Stream stream, CancellationToken cancellationToken = default) => inner.FromJsonAsync<T>(stream, cancellationToken);
    public ValueTask<object> FromJsonAsync(Type type, Stream stream, CancellationToken cancellationToken = default) =>
        inner.FromJsonAsync(type, stream, cancellationToken);
    public string ToJson(object? document) => inner.ToJson(document);
    public void WriteTo(IBufferWriter<byte> writer, object? document) => inner.WriteTo(writer, document);
    public string ToCleanJson(object? document) => inner.ToCleanJson(document);
    public void WriteToCleanJson(IBufferWriter<byte> writer, object? document) => inner.WriteToCleanJson(writer, document);
    public string ToJsonWithTypes(object document) => inner.ToJsonWithTypes(document);
    public void WriteToJsonWithTypes(IBufferWriter<byte> writer, object document) => inner.WriteToJsonWithTypes(writer, document);
    public void WriteToParameter(DbParameter parameter, object? document) => inner.WriteToParameter(parameter, document);
    public void WriteToParameter(NpgsqlParameter parameter, object? document) => inner.WriteToParameter(parameter, document);
    public EnumStorage EnumStorage => inner.EnumStorage;
    public Casing Casing => inner.Casing;
    public ValueCasting ValueCasting => inner.ValueCasting;
}
