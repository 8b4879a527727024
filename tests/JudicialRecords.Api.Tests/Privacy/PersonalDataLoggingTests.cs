using System.Collections.Concurrent;
using System.Net;
using JudicialRecords.Api.Tests.Applications;
using JudicialRecords.Api.Tests.Exchange;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JudicialRecords.Api.Tests.Privacy;

/// <summary>The service with every log line it writes kept for inspection.</summary>
public sealed class LogCapturingApiFactory : ApplicationsApiFactory
{
    public ConcurrentQueue<string> Lines { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.AddLogging(logging => logging.AddProvider(new Capture(Lines))));
    }

    sealed class Capture(ConcurrentQueue<string> lines) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);
        public void Dispose() { }

        sealed class Logger(string category, ConcurrentQueue<string> lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines.Enqueue($"{category}: {formatter(state, exception)} {exception}");
        }
    }
}

public sealed class PersonalDataLoggingTests(LogCapturingApiFactory api) : IClassFixture<LogCapturingApiFactory>
{
    [Fact]
    public async Task a_judgment_an_application_and_its_issuance_log_no_personal_id_or_name()
    {
        var desk = new Desk(api);
        var person = await desk.Registered(Citizen.Adult());
        var born = person.DateOfBirth;
        // A prison term still being served: a clear record, issued at once (one past its course unreported would be verified first).
        await new Agencies(api).PushJudgment(Agencies.Judgment(person.PersonalId, born, DateOnly.FromDateTime(DateTime.Today).AddMonths(-2)));
        var me = desk.As(person);
        var (id, accepted) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, accepted.GetProperty("feeVnd").GetInt64(), "LOG-1")).StatusCode);
        await desk.WaitFor(id, "issued");
        await api.ClientAs("clerk").GetAsync($"/api/v1/records/{person.PersonalId}");

        Assert.NotEmpty(api.Lines);
        Assert.DoesNotContain(api.Lines, line => line.Contains(person.PersonalId));
        Assert.DoesNotContain(api.Lines, line => line.Contains(person.FullName));
    }
}
