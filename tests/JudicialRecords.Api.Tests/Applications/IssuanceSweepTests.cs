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

    /// <summary>Counts the issuance jobs enqueued per application instead of running them.</summary>
    sealed class CountingJobs : IBackgroundJobClient
    {
        readonly System.Collections.Concurrent.ConcurrentBag<Guid> _enqueued = [];

        public int For(Guid id) => _enqueued.Count(e => e == id);

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
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
