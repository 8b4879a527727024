JudicialRecords.Api.JudicialRecordsApp.Build(args).Run();

/// <summary>Entry point marker for WebApplicationFactory in the tests.</summary>
public partial class Program;
