using System.Collections.Concurrent;
using Hangfire;
using JudicialRecords.Api.Features.Applications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace JudicialRecords.Api.Tests.Applications;

/// <summary>
/// What the in-process issuance cannot finish becomes the Hangfire job (its success is what every application test that
/// downloads a certificate sees).
/// </summary>
public sealed class IssuanceQueueTests
{
    [Fact]
    public async Task an_issuance_that_fails_in_process_is_handed_to_the_background_job()
    {
        var jobs = new RecordingJobs();
        var services = new ServiceCollection()
            .AddTransient<IssueCertificateJob>(_ => throw new InvalidOperationException("the timestamp service is down"))
            .BuildServiceProvider();
        var queue = Queue(services, jobs, workers: 2);
        await queue.StartAsync(CancellationToken.None);
        var id = Guid.NewGuid();

        queue.Issue(id);

        Assert.Equal(id, await jobs.Next.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Equal(nameof(IssueCertificateJob.RunAsync), jobs.Methods.Single());
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task a_worker_outlives_a_hand_over_that_fails()
    {
        // The database that failed the run fails the first enqueue too; the one worker must still take the next application.
        var jobs = new RecordingJobs { FailFirst = true };
        var services = new ServiceCollection()
            .AddTransient<IssueCertificateJob>(_ => throw new InvalidOperationException("the database is down"))
            .BuildServiceProvider();
        var queue = Queue(services, jobs, workers: 1);
        await queue.StartAsync(CancellationToken.None);
        var (lost, next) = (Guid.NewGuid(), Guid.NewGuid());

        queue.Issue(lost);
        queue.Issue(next);

        Assert.Equal(next, await jobs.Next.Task.WaitAsync(TimeSpan.FromSeconds(30)));
        await queue.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void with_no_in_process_worker_every_issuance_is_the_background_job()
    {
        var jobs = new RecordingJobs();
        var id = Guid.NewGuid();

        Queue(new ServiceCollection().BuildServiceProvider(), jobs, workers: 0).Issue(id);

        Assert.Equal([id], jobs.Ids);
    }

    [Fact]
    public async Task a_service_that_stops_hands_what_it_had_not_started_to_the_background_job()
    {
        var jobs = new RecordingJobs();
        // Never started: no worker takes anything, as when every worker is busy signing when the service stops.
        var queue = Queue(new ServiceCollection().BuildServiceProvider(), jobs, workers: 2);
        Guid[] ids = [Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid()];
        foreach (var id in ids) queue.Issue(id);
        Assert.Empty(jobs.Ids);

        await queue.StopAsync(CancellationToken.None);
        var late = Guid.NewGuid();
        queue.Issue(late); // approved while the service stops

        Assert.Equal([.. ids, late], jobs.Ids);
    }

    static IssuanceQueue Queue(IServiceProvider services, IBackgroundJobClient jobs, int workers) =>
        new(services, jobs, new ApplicationSettings(new ApplicationsOptions().ToPolicy(), InstantIssuance: true, workers),
            NullLogger<IssuanceQueue>.Instance);

    /// <summary>Records the jobs created instead of storing them.</summary>
    sealed class RecordingJobs : IBackgroundJobClient
    {
        readonly ConcurrentQueue<(string Method, Guid Id)> _created = new();

        public TaskCompletionSource<Guid> Next { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Guid[] Ids => [.. _created.Select(c => c.Id)];

        public string[] Methods => [.. _created.Select(c => c.Method)];

        /// <summary>Whether the first job fails to be created, as when the job storage is unreachable.</summary>
        public bool FailFirst { get; set; }

        public string Create(Hangfire.Common.Job job, Hangfire.States.IState state)
        {
            if (FailFirst)
            {
                FailFirst = false;
                throw new InvalidOperationException("The job storage is unreachable.");
            }
            var id = (Guid)job.Args[0];
            _created.Enqueue((job.Method.Name, id));
            Next.TrySetResult(id);
            return Guid.NewGuid().ToString();
        }

        public bool ChangeState(string jobId, Hangfire.States.IState state, string expectedState) => true;
    }
}
