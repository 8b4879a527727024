using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Daemon;
using Marten;
using Weasel.Core;

namespace JudicialRecords.Api.Infrastructure.Marten;

public static class MartenSetup
{
    public const string Schema = "jr";

    /// <summary>Marten as the event store and document database; each area adds its own types with <c>services.ConfigureMarten</c>.</summary>
    public static IServiceCollection AddEventStore(this IServiceCollection services, string connectionString)
    {
        services.AddMarten(options => ConfigureStorage(options, connectionString))
            .UseLightweightSessions()
            .AddAsyncDaemon(DaemonMode.HotCold)
            .ApplyAllDatabaseChangesOnStartup();
        return services;
    }

    /// <summary>How events and documents are stored: the service's store, and any bare store that must write the same tables.</summary>
    public static void ConfigureStorage(StoreOptions options, string connectionString)
    {
        options.Connection(connectionString);
        options.DatabaseSchemaName = Schema;
        options.UseSystemTextJsonForSerialization(EnumStorage.AsString, Casing.CamelCase);
        options.Events.StreamIdentity = StreamIdentity.AsString;
        // Full type names from the first event on: renaming a class must never orphan stored events.
        options.Events.EventNamingStyle = EventNamingStyle.FullTypeName;
        options.Events.UseMandatoryStreamTypeDeclaration = true;
        // Required by the HotCold daemon's leadership lock with Npgsql data sources.
        options.Events.UseAdvisoryLockTransaction = true;
        options.Events.MetadataConfig.HeadersEnabled = true;
        options.Events.MetadataConfig.CausationIdEnabled = true;
        options.Events.MetadataConfig.CorrelationIdEnabled = true;
        options.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    }
}
