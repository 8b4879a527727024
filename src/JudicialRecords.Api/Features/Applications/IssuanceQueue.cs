using System.Threading.Channels;
using Hangfire;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Starts the issuance of an approved application. The job (<see cref="IssueCertificateJob"/>, safe to run twice) runs
/// first here, on one of a few in-process workers, so that a clean request is signed within a second of its payment:
/// a Hangfire job costs some fifteen statements and seven transactions in PostgreSQL before it has done anything,
/// about as much as the issuance itself. Whatever this path cannot finish becomes the Hangfire job, with its retries
/// and its dashboard: a run that throws, an application still queued when the service stops, and every approval
/// beyond <see cref="Capacity"/> waiting. A process that dies with applications queued loses nothing either: they
/// stay approved, and <see cref="IssuanceSweep"/> enqueues them. Like the Hangfire job, the queue holds application
/// ids only, never personal data.
/// </summary>
public sealed class IssuanceQueue(IServiceProvider services, IBackgroundJobClient jobs, ApplicationSettings settings, ILogger<IssuanceQueue> logger)
    : BackgroundService
{
    /// <summary>Approvals waiting for an in-process worker, beyond which they go to Hangfire.</summary>
    public const int Capacity = 1000;

    readonly Channel<Guid> _queue = Channel.CreateBounded<Guid>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Issues the certificate of <paramref name="applicationId"/>, approved and committed.</summary>
    public void Issue(Guid applicationId)
    {
        // Refused when full, or completed because the service stops.
        if (settings.IssuanceWorkers == 0 || !_queue.Writer.TryWrite(applicationId)) Enqueue(applicationId);
    }

    void Enqueue(Guid applicationId) => IssueCertificateJob.Enqueue(jobs, applicationId);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, settings.IssuanceWorkers).Select(_ => Task.Run(() => WorkAsync(stoppingToken), CancellationToken.None)));

    async Task WorkAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var applicationId in _queue.Reader.ReadAllAsync(stoppingToken))
                await RunAsync(applicationId, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    async Task RunAsync(Guid applicationId, CancellationToken stoppingToken)
    {
        try
        {
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IssueCertificateJob>().RunAsync(applicationId, stoppingToken);
        }
        catch (Exception e)
        {
            // Stopping, or a failure Hangfire's retries may outlast (the timestamp service down): the job takes it from here.
            if (!stoppingToken.IsCancellationRequested)
                logger.LogWarning(e, "Issuance of application {ApplicationId} failed in process; handed to the background job.", applicationId);
            HandOver(applicationId);
        }
    }

    /// <summary>
    /// Enqueues the job, or logs that it could not: the database that failed the run often fails the enqueue too, and a worker
    /// must outlive that. The application stays approved, so <see cref="IssuanceSweep"/> enqueues it once the database is back.
    /// </summary>
    void HandOver(Guid applicationId)
    {
        try
        {
            Enqueue(applicationId);
        }
        catch (Exception e)
        {
            logger.LogError(e, "Issuance of application {ApplicationId} could not be handed to the background job; the sweep will.", applicationId);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken);
        // What no worker took yet is handed over, so a service stopped in order leaves nothing for the sweep to find.
        while (_queue.Reader.TryRead(out var applicationId)) HandOver(applicationId);
    }
}
