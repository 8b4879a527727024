using Marten;
using Marten.Schema;
using Microsoft.Extensions.Caching.Memory;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// The signed PDFs exactly as issued, as bytes in a table of their own: a Marten document would carry each
/// ~200 KB file as base64 inside JSONB, to be encoded and parsed on every write and read. The column is
/// compressed with lz4 (<see cref="PreparePdfStorage"/>): on this machine 0.5 ms per PDF and 25 MB per 300
/// PDFs, where PostgreSQL's default pglz took 3.9 ms and 33 MB.
/// </summary>
/// <remarks>
/// The PDFs this process issued in the last minutes are also kept in memory (<see cref="RecentBytes"/> at most), since an
/// applicant downloads a certificate the moment it is issued. Reading a PDF back cost PostgreSQL 0.46 ms a certificate in
/// the applications benchmark (some forty TOAST chunks to fetch and decompress, and 130 KB to send), second only to writing
/// it. A PDF never changes once issued, so a copy in memory cannot go stale; whether it was revoked is still read every time.
/// </remarks>
public sealed class CertificatePdfs(IDocumentStore store) : IDisposable
{
    public const string TableName = "certificate_pdfs";

    /// <summary>How many bytes of recently issued PDFs are kept in memory: some 250 certificates.</summary>
    public const long RecentBytes = 32 * 1024 * 1024;

    static readonly TimeSpan RecentFor = TimeSpan.FromMinutes(10);

    // Full, it turns new PDFs away until a compaction has dropped the least recently read quarter.
    readonly MemoryCache _recent = new(new MemoryCacheOptions { SizeLimit = RecentBytes, CompactionPercentage = 0.25 });

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

    /// <summary>Keeps the PDF of a certificate whose registration has just committed, for its first downloads.</summary>
    public void Issued(string number, byte[] pdf)
    {
        try
        {
            _recent.Set(number, pdf, new MemoryCacheEntryOptions { Size = pdf.Length, AbsoluteExpirationRelativeToNow = RecentFor });
        }
        catch (ObjectDisposedException)
        {
            // The host is stopping: the certificate is committed, and a copy in memory is only a shortcut.
        }
    }

    /// <summary>
    /// The signed PDF and whether the registry has revoked it, in one query; null for an unknown number. The array may be
    /// shared with other callers: it is never to be changed.
    /// </summary>
    public async Task<(byte[] Pdf, bool Revoked)?> GetAsync(string number, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        var revoked = $"coalesce(r.data ->> 'status' = '{nameof(CertificateStatus.Revoked)}', false)";
        var recent = _recent.Get<byte[]>(number);
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            recent is null
                ? $"select p.content, {revoked} from {schema}.{TableName} p left join {schema}.mt_doc_certificaterecord r on r.id = p.number where p.number = $1"
                : $"select null::bytea, {revoked} from {schema}.mt_doc_certificaterecord r where r.id = $1",
            connection)
        {
            Parameters = { new() { Value = number } },
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken)) return null;
        return (recent ?? reader.GetFieldValue<byte[]>(0), reader.GetBoolean(1));
    }

    public void Dispose() => _recent.Dispose();
}

/// <summary>
/// At start-up, once Marten has applied the schema (a Marten initial-data step): sets lz4 compression on the PDF
/// column (a server built without lz4 keeps its default), and moves the PDFs of databases written before
/// <see cref="CertificatePdfs"/>, which kept them as Marten documents, into the table in one transaction, so none
/// is ever unreadable.
/// </summary>
public sealed class PreparePdfStorage : IInitialData
{
    public async Task Populate(IDocumentStore store, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand($$"""
            do $prepare$ begin
              if exists (select 1 from pg_attribute where attrelid = '{{schema}}.{{CertificatePdfs.TableName}}'::regclass
                         and attname = 'content' and attcompression <> 'l') then
                begin
                  alter table {{schema}}.{{CertificatePdfs.TableName}} alter column content set compression lz4;
                exception when others then null;
                end;
              end if;
              if to_regclass('{{schema}}.mt_doc_certificatepdf') is not null then
                insert into {{schema}}.{{CertificatePdfs.TableName}} (number, content)
                  select id, decode(data->>'content', 'base64') from {{schema}}.mt_doc_certificatepdf
                  on conflict (number) do nothing;
                drop table {{schema}}.mt_doc_certificatepdf;
              end if;
            end $prepare$;
            """, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
