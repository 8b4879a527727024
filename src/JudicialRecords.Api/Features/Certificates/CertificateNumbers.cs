using Marten;
using Npgsql;
using Weasel.Postgresql;
using Weasel.Postgresql.Tables;

namespace JudicialRecords.Api.Features.Certificates;

/// <summary>
/// Certificate numbers per authority and year. One atomic upsert hands out the next number before the
/// certificate is rendered, so concurrent issuers never sign a PDF with a number someone else took.
/// Numbers are unique but not gap-free: a number drawn by an issuance that then fails is not reused.
/// </summary>
public sealed class CertificateNumbers(IDocumentStore store)
{
    public const string TableName = "certificate_numbers";

    public static Table Table(string schema)
    {
        var table = new Table(new PostgresqlObjectName(schema, TableName, Weasel.Postgresql.SchemaUtils.IdentifierUsage.General));
        table.AddColumn<string>("id").AsPrimaryKey();
        table.AddColumn<long>("last").NotNull();
        return table;
    }

    public async Task<long> NextAsync(string authorityCode, int year, CancellationToken cancellationToken)
    {
        var schema = store.Options.DatabaseSchemaName;
        await using var connection = store.Storage.Database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"insert into {schema}.{TableName} as n (id, last) values ($1, 1) on conflict (id) do update set last = n.last + 1 returning last",
            connection)
        {
            Parameters = { new() { Value = $"{authorityCode}-{year}" } },
        };
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
