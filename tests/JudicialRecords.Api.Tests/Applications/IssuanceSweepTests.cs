using System.Net;
using Hangfire;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Domain.Applications;
using Marten;
using Microsoft.Extensions.DependencyInjection;

namespace JudicialRecords.Api.Tests.Applications;

public sealed class IssuanceSweepTests(ConfiguredApplicationsApiFactory api) : IClassFixture<ConfiguredApplicationsApiFactory>
{
    readonly Desk desk = new(api);

    [Fact]
    public async Task an_approval_whose_issuance_was_never_enqueued_is_issued_by_the_sweep()
    {
        api.Clock.Now = DateTimeOffset.UtcNow;
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, accepted) = await desk.Apply(me, Desk.Form1(person));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, accepted.GetProperty("feeVnd").GetInt64(), "SWEEP-1")).StatusCode);
        // The approval commits, then the process dies before it enqueues the issuance job.
        await using (var session = api.Services.GetRequiredService<IDocumentStore>().LightweightSession())
        {
            session.Events.Append(ApplicationSnapshot.KeyOf(id), new ApplicationApproved(id, new Actor("approver-01", "approver"), DateTimeOffset.UtcNow));
            await session.SaveChangesAsync();
        }

        var sweep = new IssuanceSweep(api.Services.GetRequiredService<IDocumentStore>(), api.Services.GetRequiredService<IBackgroundJobClient>(),
            new Later(IssuanceSweep.Grace + TimeSpan.FromMinutes(1)));
        await sweep.RunAsync();

        var issued = await desk.WaitFor(id, "issued");
        Assert.StartsWith("LLTP-", issued.GetProperty("certificateNumber").GetString());
    }

    [Fact]
    public async Task an_application_whose_issuance_keeps_failing_is_enqueued_again_only_after_its_retries_ran_out()
    {
        // The jobs are counted, not run: the application stays approved, as when its issuance keeps failing.
        var jobs = new CountingJobs();
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var approved = await Approved(store);

        await new IssuanceSweep(store, jobs, new Later(IssuanceSweep.Grace + TimeSpan.FromMinutes(1))).RunAsync();
        var first = jobs.For(approved);
        await new IssuanceSweep(store, jobs, new Later(IssuanceSweep.Grace + TimeSpan.FromMinutes(2))).RunAsync();
        Assert.Equal(1, first);
        Assert.Equal(1, jobs.For(approved)); // a minute later: its job may still be retrying
        await new IssuanceSweep(store, jobs, new Later(IssuanceSweep.Grace + IssuanceSweep.Retried + TimeSpan.FromMinutes(2))).RunAsync();
        Assert.Equal(2, jobs.For(approved));
    }

    [Fact]
    public async Task two_sweeps_running_at_once_enqueue_an_application_once()
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var approved = await Approved(store);
        var later = new Later(IssuanceSweep.Grace + TimeSpan.FromMinutes(1));
        var jobs = new CountingJobs();
        // The first run is slow to enqueue (a busy database): a second run that reads the notes meanwhile finds none saved.
        var slow = new CountingJobs(jobs) { Stall = TimeSpan.FromSeconds(2) };

        var first = Task.Run(() => RunAsHangfireDoes(() => new IssuanceSweep(store, slow, later).RunAsync()));
        Assert.True(slow.Entered.Wait(TimeSpan.FromSeconds(30)), "The first sweep never enqueued anything.");
        var second = Task.Run(() => RunAsHangfireDoes(() => new IssuanceSweep(store, jobs, later).RunAsync()));
        await Task.WhenAll(first, second);

        Assert.Equal(1, jobs.For(approved));
    }

    [Fact]
    public async Task a_sweep_enqueues_at_most_its_limit_and_the_next_run_takes_the_following_ones()
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await Approved(store);
        await Approved(store);
        var later = new Later(IssuanceSweep.Grace + TimeSpan.FromMinutes(1));
        var jobs = new CountingJobs();

        await new IssuanceSweep(store, jobs, later) { Limit = 1 }.RunAsync();
        Assert.Equal(1, jobs.Total);
        await new IssuanceSweep(store, jobs, later) { Limit = 1 }.RunAsync();
        Assert.Equal(2, jobs.Total);
        Assert.Equal(2, jobs.Applications);
    }

    /// <summary>Runs a sweep inside the server filters it declares, as a Hangfire worker does (the global ones are not its concern).</summary>
    async Task RunAsHangfireDoes(Func<Task> run)
    {
        var storage = api.Services.GetRequiredService<JobStorage>();
        var job = Hangfire.Common.Job.FromExpression<IssuanceSweep>(sweep => sweep.RunAsync());
        var filters = Hangfire.Common.JobFilterProviders.Providers.GetFilters(job)
            .Where(f => f.Scope is Hangfire.Common.JobFilterScope.Type or Hangfire.Common.JobFilterScope.Method)
            .Select(f => f.Instance).OfType<Hangfire.Server.IServerFilter>().ToList();
        using var connection = storage.GetConnection();
        var context = new Hangfire.Server.PerformContext(storage, connection,
            new BackgroundJob(Guid.NewGuid().ToString(), job, DateTime.UtcNow), new JobCancellationToken(false));
        foreach (var filter in filters) filter.OnPerforming(new Hangfire.Server.PerformingContext(context));
        try
        {
            await run();
        }
        finally
        {
            foreach (var filter in Enumerable.Reverse(filters)) filter.OnPerformed(new Hangfire.Server.PerformedContext(context, null, false, null));
        }
    }

    /// <summary>An application approved whose issuance was never enqueued.</summary>
    async Task<Guid> Approved(IDocumentStore store)
    {
        var person = await desk.Registered(Citizen.Adult());
        var me = desk.As(person);
        var (id, accepted) = await desk.Apply(me, Desk.Form1(person, b => b["feeCategory"] = "reduced"));
        Assert.Equal(HttpStatusCode.OK, (await Desk.Pay(me, id, accepted.GetProperty("feeVnd").GetInt64(), "SWEEP-" + id)).StatusCode);
        await using var session = store.LightweightSession();
        session.Events.Append(ApplicationSnapshot.KeyOf(id), new ApplicationApproved(id, new Actor("approver-01", "approver"), DateTimeOffset.UtcNow));
        await session.SaveChangesAsync();
        return id;
    }

    /// <summary>Counts the issuance jobs enqueued per application instead of running them; several may share one count.</summary>
    sealed class CountingJobs(CountingJobs? shared = null) : IBackgroundJobClient
    {
        readonly System.Collections.Concurrent.ConcurrentBag<Guid> _enqueued = shared?._enqueued ?? [];

        /// <summary>How long each enqueue takes.</summary>
        public TimeSpan Stall { get; init; }

        /// <summary>Set once the first enqueue began.</summary>
        public ManualResetEventSlim Entered { get; } = new();

        public int For(Guid id) => _enqueued.Count(e => e == id);

        public int Total => _enqueued.Count;

        public int Applications => _enqueued.Distinct().Count();

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            Entered.Set();
            Thread.Sleep(Stall);
            _enqueued.Add((Guid)job.Args[0]);
            return Guid.NewGuid().ToString();
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => true;
    }

    sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
