using System.CommandLine;
using JudicialRecords.Cli;

var root = new RootCommand("jr: the JudicialRecords command line (tokens, development PKI, OpenAPI document, import, verification).");
root.Subcommands.Add(TokenCommand.Create());
root.Subcommands.Add(OpenApiCommand.Create());
root.Subcommands.Add(DevPkiCommand.Create());
root.Subcommands.Add(ImportCommand.Create());
root.Subcommands.Add(VerifyCommand.Create());
return await root.Parse(args).InvokeAsync();
