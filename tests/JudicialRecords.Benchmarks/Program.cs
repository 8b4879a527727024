using JudicialRecords.Benchmarks;

// Load scenarios, each printing its figures beside the baseline measured in the same run.
// Run in Release: dotnet run -c Release --project tests/JudicialRecords.Benchmarks -- <scenario> [options]
var scenarios = new Dictionary<string, Func<string[], Task>>
{
    ["signing"] = SigningBenchmark.RunAsync,
    ["verification"] = SigningBenchmark.VerifyAsync,
    ["applications"] = ApplicationsBenchmark.RunAsync,
    ["records-push"] = RecordsBenchmark.PushAsync,
    ["records-import-lookup"] = RecordsBenchmark.ImportAndLookupAsync,
};

if (args.Length == 0 || !scenarios.TryGetValue(args[0], out var run))
{
    Console.Error.WriteLine($"Scenarios: {string.Join(", ", scenarios.Keys)}");
    return 2;
}
await run(args[1..]);
return 0;
