using Marten;
using Npgsql;
using NpgsqlTypes;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// The signed PDFs exactly as issued, as bytes in a table of their own: a Marten document would carry each
/// ~200 KB file as base64 inside JSONB, to be encoded and parsed on every write and read.
/// </summary>
public sealed class CertificatePdfs(IDocumentStore store)
{
    public const string TableName = "certificate_pdfs";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("number").AsPrimaryKey();
        table.AddColumn("content", "bytea").NotNull();
        return table;
    }

    /// <summary>Stages the PDF in <paramref name="session"/>, to be written with the certificate's registry entry.</summary>
    public void Add(IDocumentSession session, string number, byte[] pdf) =>
        session.QueueSqlCommand(
            $"insert into {store.Options.DatabaseSchemaName}.{TableName} (number, content) values (?, ?)",
            number, pdf);

    /// <summary>The signed PDF; null for an unknown number.</summary>
    public async Task<byte[]?> GetAsync(string number, CancellationToken cancellationToken)
    {
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"select content from {store.Options.DatabaseSchemaName}.{TableName} where number = $1", connection)
        {
            Parameters = { new() { Value = number, NpgsqlDbType = NpgsqlDbType.Text } },
        };
        return await command.ExecuteScalarAsync(cancellationToken) as byte[];
    }
}

/// <summary>
/// Databases written before <see cref="CertificatePdfs"/> kept the PDFs as Marten documents: once, at start-up,
/// they move into the table in one transaction, so none is ever unreadable. It applies the schema itself
/// (idempotent) because it starts before Marten's own start-up service.
/// </summary>
public sealed class MoveDocumentPdfs(IDocumentStore store) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($$"""
            do $move$ begin
              if to_regclass('{{schema}}.mt_doc_certificatepdf') is not null then
                insert into {{schema}}.{{CertificatePdfs.TableName}} (number, content)
                  select id, decode(data->>'content', 'base64') from {{schema}}.mt_doc_certificatepdf
                  on conflict (number) do nothing;
                drop table {{schema}}.mt_doc_certificatepdf;
              end if;
            end $move$;
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
