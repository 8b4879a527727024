using System.CommandLine;

namespace JudicialRecords.Cli;

/// <summary>The `jr` command and its subcommands.</summary>
public static class JrCommand
{
    public static RootCommand Create() => new("jr: the JudicialRecords command line (tokens, development PKI, OpenAPI document, import, verification, agency simulators).")
    {
        TokenCommand.Create(),
        OpenApiCommand.Create(),
        DevPkiCommand.Create(),
        ImportCommand.Create(),
        VerifyCommand.Create(),
        SimulateCommand.Create(),
    };
}
