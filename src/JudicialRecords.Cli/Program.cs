return await JudicialRecords.Cli.JrCommand.Create().Parse(args).InvokeAsync();
