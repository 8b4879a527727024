using System.ComponentModel;
using System.Diagnostics;

namespace JudicialRecords.Documents.Tests.Signing;

/// <summary>Runs an independent checker. A missing tool fails the test: CI installs them, so absence is a setup bug.</summary>
internal static class ExternalTool
{
    public sealed record Result(int ExitCode, string Output);

    public static Result Run(string tool, string debianPackage, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start.");
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"'{tool}' is not installed: apt-get install -y {debianPackage}", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"{tool} did not finish in 60 s.");
            }
            return new Result(process.ExitCode, stdout.Result + stderr.Result);
        }
    }
}
