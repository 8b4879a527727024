namespace JudicialRecords.Api.Features.LegacyImport;

public static class LegacyImportSetup
{
    public static IServiceCollection AddLegacyImport(this IServiceCollection services) => services.AddSingleton<LegacyImporter>();
}
