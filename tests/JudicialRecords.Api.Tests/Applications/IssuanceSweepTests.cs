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

    sealed class Later(TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + by;
    }
}
