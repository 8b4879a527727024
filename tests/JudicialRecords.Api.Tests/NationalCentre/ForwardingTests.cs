using System.Net;
using System.Text.Json;
using JudicialRecords.Api.Features.Applications;
using JudicialRecords.Api.Features.NationalCentre;
using JudicialRecords.Api.Features.Records;
using JudicialRecords.Domain.Records;
using JudicialRecords.Api.Tests.Exchange;
using JudicialRecords.Api.Tests.Infrastructure;
using Marten;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JudicialRecords.Api.Tests.NationalCentre;

public sealed class NationalCentreApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("NationalCentre:BaseUrl", "http://localhost/sim/national-centre/");
        builder.UseSetting("NationalCentre:Schedule", "0 0 1 1 *"); // the test runs the job itself
        builder.UseSetting("NationalCentre:BatchSize", "2"); // small batches, so that one run sends several
        builder.ConfigureTestServices(services => services
            .AddHttpClient(NationalCentreSetup.HttpClientName)
            .ConfigurePrimaryHttpMessageHandler(() => Server.CreateHandler()));
    }
}

public sealed class ForwardingTests(NationalCentreApiFactory api) : IClassFixture<NationalCentreApiFactory>
{
    [Fact]
    public async Task a_record_change_goes_through_the_outbox_to_the_national_centre_and_is_acknowledged()
    {
        var born = new DateOnly(1979, 5, 5);
        var id = Agencies.PersonalId(born);
        await new Agencies(api).PushJudgment(Agencies.Judgment(id, born, new DateOnly(2022, 1, 10)));
        var store = api.Services.GetRequiredService<IDocumentStore>();

        NationalCentreForward? forward = null;
        for (var i = 0; i < 300 && forward is null; i++)
        {
            await using var query = store.QuerySession();
            forward = (await query.Query<NationalCentreForward>().Where(f => f.PersonalId == id).ToListAsync()).FirstOrDefault();
            if (forward is null) await Task.Delay(200);
        }
        Assert.NotNull(forward);

        var clerk = api.ClientAs("clerk", subject: "clerk-07");
        var pending = JsonDocument.Parse(await clerk.GetStringAsync("/api/v1/national-centre/forwards")).RootElement;
        Assert.Contains(pending.EnumerateArray(), f => f.GetProperty("forwardId").GetGuid() == forward.Id);
        // The list told the clerk that this person's record changed, and how: the person sees that read.
        var reads = JsonDocument.Parse(await api.ClientAs("applicant", subject: id).GetStringAsync("/api/v1/me/record-access")).RootElement;
        var read = Assert.Single(reads.EnumerateArray(), r => r.GetProperty("view").GetString() == "national-centre-forwards");
        Assert.Equal("clerk-07", read.GetProperty("subject").GetString());

        using (var scope = api.Services.CreateScope())
            Assert.True(await scope.ServiceProvider.GetRequiredService<ForwardToNationalCentreJob>().RunAsync(CancellationToken.None) >= 1);

        await using var session = store.QuerySession();
        var received = await session.LoadAsync<NationalCentreUpdate>(forward.Id);
        Assert.NotNull(received);
        Assert.Equal(id, received.PersonalId);
        // The event as the store holds it: Marten's JSON (camel case, enums by name), not a serialisation of its own.
        var stored = await session.Events.QueryAllRawEvents().Where(e => e.Sequence == forward.Sequence).SingleAsync();
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(store.Options.Serializer().ToJson(stored.Data)).RootElement, received.Data),
            received.Data.GetRawText());
        Assert.Equal(JsonValueKind.String, received.Data.GetProperty("terms").GetProperty("principalPenalty").GetProperty("type").ValueKind);
        var acknowledged = JsonDocument.Parse(await clerk.GetStringAsync("/api/v1/national-centre/forwards?status=acknowledged")).RootElement;
        Assert.Contains(acknowledged.EnumerateArray(), f => f.GetProperty("forwardId").GetGuid() == forward.Id);
    }

    [Fact]
    public async Task one_run_sends_every_due_change_in_batches_until_none_is_left()
    {
        var born = new DateOnly(1981, 3, 3);
        var people = Enumerable.Range(0, 5).Select(_ => Agencies.PersonalId(born)).ToList();
        foreach (var id in people) await new Agencies(api).PushJudgment(Agencies.Judgment(id, born, new DateOnly(2022, 2, 2)));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        async Task<List<NationalCentreForward>> Forwards()
        {
            await using var query = store.QuerySession();
            return [.. await query.Query<NationalCentreForward>().Where(f => f.PersonalId.IsOneOf(people.ToArray())).ToListAsync()];
        }
        for (var i = 0; i < 300 && (await Forwards()).Count < people.Count; i++) await Task.Delay(200);
        Assert.Equal(people.Count, (await Forwards()).Count);

        int sent;
        using (var scope = api.Services.CreateScope())
            sent = await scope.ServiceProvider.GetRequiredService<ForwardToNationalCentreJob>().RunAsync(CancellationToken.None);

        Assert.True(sent >= people.Count, $"{sent} sent");
        Assert.All(await Forwards(), f => Assert.True(f.Acknowledged && f.Attempts == 1 && f.AcknowledgedAt is not null && f.LastError is null,
            $"{f.Id}: attempts {f.Attempts}, acknowledged at {f.AcknowledgedAt}, {f.LastError}"));
        await using var session = store.QuerySession();
        Assert.Equal(people.Count, (await session.Query<NationalCentreUpdate>().Where(u => u.PersonalId.IsOneOf(people.ToArray())).ToListAsync()).Count);
    }

    [Fact]
    public async Task a_later_change_waits_behind_an_earlier_one_still_backing_off_and_holds_back_no_one_else()
    {
        // Ahead of every real change (sequences 0 and 1): a person's judgment that failed before and backs off for an hour,
        // and their amendment, due now.
        var store = api.Services.GetRequiredService<IDocumentStore>();
        NationalCentreForward Forward(long sequence, DateTimeOffset next) => new()
        {
            Id = Guid.NewGuid(), PersonalId = "075079000003", Sequence = sequence, EventType = "judgment_took_effect",
            ChangedAt = DateTimeOffset.UtcNow, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = next,
        };
        var judgment = Forward(0, DateTimeOffset.UtcNow.AddHours(1));
        var amendment = Forward(1, DateTimeOffset.UtcNow.AddSeconds(-1));
        await using (var session = store.LightweightSession())
        {
            session.Store(judgment, amendment);
            await session.SaveChangesAsync();
        }
        // Someone else's change, queued after them.
        var othersForward = await AnotherPersonsChangeQueued(new DateOnly(1982, 4, 4));

        await RunJob();

        await using var check = store.QuerySession();
        // The person's amendment must not reach the centre before their judgment…
        var held = await check.LoadAsync<NationalCentreForward>(amendment.Id);
        Assert.False(held!.Acknowledged);
        Assert.Equal(0, held.Attempts);
        // …and another person's change is not held back by it.
        Assert.True((await othersForward())!.Acknowledged);
    }

    [Fact]
    public async Task a_persons_changes_go_in_separate_batches_so_the_centre_cannot_take_a_later_one_before_an_earlier()
    {
        // A judgment and its release, both due, next to each other in the outbox: in one batch, the centre could acknowledge the
        // release and refuse the judgment, which would then reach it after the release.
        await RunJob(); // nothing else waits ahead of them
        var born = new DateOnly(1983, 5, 5);
        var person = Agencies.PersonalId(born);
        var agencies = new Agencies(api);
        var convictionId = await agencies.PushJudgment(Agencies.Judgment(person, born, new DateOnly(2022, 4, 4)));
        await agencies.SentenceEvent(person, convictionId, "principalPenaltyCompleted", new DateOnly(2024, 4, 20));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        async Task<List<NationalCentreForward>> Forwards()
        {
            await using var query = store.QuerySession();
            return [.. (await query.Query<NationalCentreForward>().Where(f => f.PersonalId == person).ToListAsync()).OrderBy(f => f.Sequence)];
        }
        for (var i = 0; i < 300 && (await Forwards()).Count < 2; i++) await Task.Delay(200);
        var (judgment, release) = ((await Forwards())[0], (await Forwards())[1]);

        await RunJob();

        await using var check = store.QuerySession();
        var first = await check.LoadAsync<NationalCentreUpdate>(judgment.Id);
        var second = await check.LoadAsync<NationalCentreUpdate>(release.Id);
        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.True(first.ReceivedAt < second.ReceivedAt, $"one batch: both received at {first.ReceivedAt:O}");
    }

    [Fact]
    public async Task a_forward_whose_event_cannot_be_read_is_held_back_and_stops_nobody_elses()
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var unreadable = new NationalCentreForward
        {
            Id = Guid.NewGuid(), PersonalId = Agencies.PersonalId(new DateOnly(1984, 6, 6)), Sequence = -100, EventType = "judgment_took_effect",
            ChangedAt = DateTimeOffset.UtcNow, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddSeconds(-1),
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(unreadable);
            await session.SaveChangesAsync();
        }
        var othersForward = await AnotherPersonsChangeQueued(new DateOnly(1984, 7, 7));

        await RunJob();

        Assert.True((await othersForward())!.Acknowledged);
        await using var check = store.QuerySession();
        var held = await check.LoadAsync<NationalCentreForward>(unreadable.Id);
        Assert.False(held!.Acknowledged);
        Assert.Contains("could not be read", held.LastError);
        Assert.True(held.NextAttemptAt > DateTimeOffset.UtcNow.AddMinutes(30));
    }

    [Fact]
    public async Task however_many_forwards_back_off_at_the_head_of_the_outbox_a_due_change_behind_them_is_sent()
    {
        // Ahead of every real change, more refused forwards (each its own person's, backing off for an hour) than several
        // batches hold.
        var store = api.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            for (var i = 0; i < 12; i++)
                session.Store(new NationalCentreForward
                {
                    Id = Guid.NewGuid(), PersonalId = $"07507900{i + 100:0000}", Sequence = -100 + i, EventType = "judgment_took_effect",
                    ChangedAt = DateTimeOffset.UtcNow, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddHours(1),
                    Attempts = 3, LastError = "Not acknowledged by the national centre.",
                });
            await session.SaveChangesAsync();
        }
        var othersForward = await AnotherPersonsChangeQueued(new DateOnly(1983, 6, 6));

        await RunJob();

        Assert.True((await othersForward())!.Acknowledged);
    }

    [Fact]
    public async Task a_change_whose_earlier_one_the_run_has_passed_over_waits_for_the_next_run()
    {
        // A person's judgment, refused before, whose backoff ends while a run works through more than a window of other changes;
        // the run passes over it, and must not then send the person's later change, queued behind those others, ahead of it.
        var start = DateTimeOffset.UtcNow;
        var laterChange = await AnotherPersonsChangeQueued(new DateOnly(1985, 8, 8));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        var later = (await laterChange())!;
        var earlier = new NationalCentreForward
        {
            Id = Guid.NewGuid(), PersonalId = later.PersonalId, Sequence = -1000, EventType = "judgment_took_effect", ChangedAt = start,
            QueuedAt = start, NextAttemptAt = start.AddSeconds(25), Attempts = 1, LastError = "Not acknowledged by the national centre.",
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(earlier);
            for (var i = 0; i < 10; i++)
                session.Store(new NationalCentreForward
                {
                    Id = Guid.NewGuid(), PersonalId = $"07507900{i + 200:0000}", Sequence = -999 + i, EventType = "judgment_took_effect",
                    ChangedAt = start, QueuedAt = start, NextAttemptAt = start.AddSeconds(-1),
                });
            await session.SaveChangesAsync();
        }

        // Each reading of the clock 10 s after the last: the earlier change is due from the run's second window on.
        var settings = api.Services.GetRequiredService<NationalCentreSettings>();
        var job = new ForwardToNationalCentreJob(store, api.Services.GetRequiredService<IHttpClientFactory>(),
            new NationalCentreSettings { BaseUrl = settings.BaseUrl, BatchSize = settings.BatchSize, RunFor = TimeSpan.FromHours(1) },
            new SteppingClock(start, TimeSpan.FromSeconds(10)), NullLogger<ForwardToNationalCentreJob>.Instance);
        await job.RunAsync(CancellationToken.None);

        Assert.False((await laterChange())!.Acknowledged);
        await using var check = store.QuerySession();
        Assert.Null(await check.LoadAsync<NationalCentreUpdate>(later.Id));
    }

    [Fact]
    public async Task a_failed_batch_ends_the_run_and_the_rest_of_its_window_goes_in_the_next()
    {
        await RunJob(); // nothing else waits ahead of them
        var born = new DateOnly(1986, 9, 9);
        var queued = new List<Func<Task<NationalCentreForward?>>>();
        for (var i = 0; i < 6; i++) queued.Add(await AnotherPersonsChangeQueued(born));
        async Task<NationalCentreForward[]> Mine() => [.. (await Task.WhenAll(queued.Select(forward => forward()))).Select(f => f!)];

        // One window holds all six (batches of two); the centre is unreachable for the window's second batch.
        var failing = new FailingOnce(api.Server.CreateHandler(), failOn: 2);
        var settings = api.Services.GetRequiredService<NationalCentreSettings>();
        var job = new ForwardToNationalCentreJob(api.Services.GetRequiredService<IDocumentStore>(), new OneHandler(failing, settings.BaseUrl!),
            settings, TimeProvider.System, NullLogger<ForwardToNationalCentreJob>.Instance);
        await job.RunAsync(CancellationToken.None);

        Assert.Equal(2, failing.Sent.Count);
        var mine = await Mine();
        Assert.All(mine.Where(f => failing.Sent[0].Contains(f.Id)), f => Assert.True(f.Acknowledged));
        var refused = mine.Where(f => failing.Sent[1].Contains(f.Id)).ToList();
        Assert.NotEmpty(refused);
        Assert.All(refused, f => Assert.True(!f.Acknowledged && f.Attempts == 1 && f.LastError == "the centre is down",
            $"{f.Id}: attempts {f.Attempts}, {f.LastError}"));
        var unsent = mine.Where(f => !failing.Sent.Any(batch => batch.Contains(f.Id))).ToList();
        Assert.NotEmpty(unsent);
        Assert.All(unsent, f => Assert.True(!f.Acknowledged && f.Attempts == 0));

        await RunJob();

        mine = await Mine();
        Assert.All(mine.Where(f => unsent.Any(u => u.Id == f.Id)), f => Assert.True(f.Acknowledged));
        // The refused wait out their backoff (30 s) in the outbox, once tried.
        Assert.All(mine.Where(f => refused.Any(r => r.Id == f.Id)), f => Assert.True(f.Acknowledged || f.Attempts >= 1));
    }

    /// <summary>Passes requests to the test server, but the <c>failOn</c>-th fails as an unreachable centre would; records what each carried.</summary>
    sealed class FailingOnce(HttpMessageHandler inner, int failOn) : DelegatingHandler(inner)
    {
        public List<HashSet<Guid>> Sent { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var batch = JsonDocument.Parse(await request.Content!.ReadAsStringAsync(cancellationToken)).RootElement;
            Sent.Add([.. batch.GetProperty("updates").EnumerateArray().Select(u => u.GetProperty("forwardId").GetGuid())]);
            if (Sent.Count == failOn) throw new HttpRequestException("the centre is down");
            return await base.SendAsync(request, cancellationToken);
        }
    }

    sealed class OneHandler(HttpMessageHandler handler, string baseUrl) : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(handler, disposeHandler: false) { BaseAddress = new Uri(baseUrl) };
    }

    sealed class SteppingClock(DateTimeOffset start, TimeSpan step) : TimeProvider
    {
        int _readings;

        public override DateTimeOffset GetUtcNow() => start + step * Interlocked.Increment(ref _readings);
    }

    /// <summary>Pushes a judgment for a new person born <paramref name="born"/>; once its forward is queued, a way to read it.</summary>
    async Task<Func<Task<NationalCentreForward?>>> AnotherPersonsChangeQueued(DateOnly born)
    {
        var other = Agencies.PersonalId(born);
        await new Agencies(api).PushJudgment(Agencies.Judgment(other, born, new DateOnly(2022, 3, 3)));
        var store = api.Services.GetRequiredService<IDocumentStore>();
        async Task<NationalCentreForward?> Forward()
        {
            await using var query = store.QuerySession();
            return await query.Query<NationalCentreForward>().FirstOrDefaultAsync(f => f.PersonalId == other);
        }
        for (var i = 0; i < 300 && await Forward() is null; i++) await Task.Delay(200);
        return Forward;
    }

    async Task RunJob()
    {
        using var scope = api.Services.CreateScope();
        await scope.ServiceProvider.GetRequiredService<ForwardToNationalCentreJob>().RunAsync(CancellationToken.None);
    }

    [Fact]
    public async Task an_unacknowledged_forward_older_than_five_working_days_is_overdue_for_clerks()
    {
        var store = api.Services.GetRequiredService<IDocumentStore>();
        // 40 days: more than five working days whatever holidays fall in between (Tết 2027 alone takes five).
        var old = new NationalCentreForward
        {
            Id = Guid.NewGuid(), PersonalId = "075079000001", Sequence = long.MaxValue - 1, EventType = "judgment_took_effect",
            ChangedAt = DateTimeOffset.UtcNow.AddDays(-40), QueuedAt = DateTimeOffset.UtcNow.AddDays(-40),
            NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1), Attempts = 7, LastError = "503",
        };
        var fresh = new NationalCentreForward
        {
            Id = Guid.NewGuid(), PersonalId = "075079000002", Sequence = long.MaxValue - 2, EventType = "judgment_took_effect",
            ChangedAt = DateTimeOffset.UtcNow, QueuedAt = DateTimeOffset.UtcNow, NextAttemptAt = DateTimeOffset.UtcNow.AddDays(1),
        };
        await using (var session = store.LightweightSession())
        {
            session.Store(old, fresh);
            await session.SaveChangesAsync();
        }

        var overdue = JsonDocument.Parse(await api.ClientAs("clerk").GetStringAsync("/api/v1/national-centre/forwards?status=overdue")).RootElement;
        var ids = overdue.EnumerateArray().Select(f => f.GetProperty("forwardId").GetGuid()).ToList();
        Assert.Contains(old.Id, ids);
        Assert.DoesNotContain(fresh.Id, ids);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.ClientAs("court", Agencies.Court).GetAsync("/api/v1/national-centre/forwards")).StatusCode);
    }

    [Fact]
    public void retries_back_off_exponentially_up_to_a_cap()
    {
        var cap = TimeSpan.FromHours(1);
        Assert.Equal(TimeSpan.FromSeconds(30), ForwardToNationalCentreJob.Backoff(1, cap));
        Assert.Equal(TimeSpan.FromSeconds(60), ForwardToNationalCentreJob.Backoff(2, cap));
        Assert.Equal(cap, ForwardToNationalCentreJob.Backoff(30, cap));
    }
}

public sealed class NationalCentreOutboxTests
{
    [Fact]
    public void the_outbox_reads_every_record_event_and_no_other_from_the_store()
    {
        var outbox = new NationalCentreOutbox();

        Assert.Equal(RecordsEndpoints.RecordEventTypes.ToHashSet(), outbox.IncludedEventTypes.ToHashSet());
        Assert.Contains(typeof(JudgmentTookEffect), outbox.IncludedEventTypes);
        Assert.DoesNotContain(outbox.IncludedEventTypes, t => ApplicationProjection.EventTypes.Contains(t));
    }
}
