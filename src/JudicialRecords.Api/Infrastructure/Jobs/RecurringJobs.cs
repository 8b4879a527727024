using System.Linq.Expressions;
using Hangfire;

namespace JudicialRecords.Api.Infrastructure.Jobs;

/// <summary>Recurring jobs that areas declare at registration and that are scheduled when the host starts.</summary>
public static class RecurringJobs
{
    public static IServiceCollection AddRecurringJob<TJob>(this IServiceCollection services, string id, string cron,
        Expression<Func<TJob, Task>> run)
    {
        services.AddSingleton(new Registration(manager => manager.AddOrUpdate(id, run, cron)));
        if (!services.Any(s => s.ImplementationType == typeof(Scheduler))) services.AddHostedService<Scheduler>();
        return services;
    }

    sealed record Registration(Action<IRecurringJobManager> Schedule);

    sealed class Scheduler(IEnumerable<Registration> registrations, IRecurringJobManager manager) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            foreach (var registration in registrations) registration.Schedule(manager);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
