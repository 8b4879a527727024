using System.Threading.RateLimiting;

namespace JudicialRecords.Api.Features.Applications;

/// <summary>
/// Applicants whose requests keep failing the identity check are stopped for a while. The 422 names the field that
/// differs from the population register, which a person needs to correct a typo; unlimited, it would let an applicant
/// "acting as an agent" find a stranger's birth date in at most 366 tries, then confirm guessed names. After
/// <see cref="ApplicationsOptions.IdentityFailuresPerHour"/> failures in an hour (a sliding window; per process), the
/// applicant's requests are answered 429 until the window moves on. Clerks and agencies are not limited.
/// </summary>
public sealed class IdentityFailures(ApplicationsOptions options) : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    const int Segments = 6;

    /// <summary>When a stopped applicant may try again at the soonest: the window moves on one segment at a time.</summary>
    public static readonly TimeSpan RetryAfter = Window / Segments;

    readonly PartitionedRateLimiter<string> limiter = PartitionedRateLimiter.Create<string, string>(caller =>
        RateLimitPartition.GetSlidingWindowLimiter(caller, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = options.IdentityFailuresPerHour, Window = Window, SegmentsPerWindow = Segments, QueueLimit = 0,
        }));

    /// <summary>Whether <paramref name="caller"/> has no failure left in the window (asking takes none).</summary>
    public bool Exhausted(string caller)
    {
        using var lease = limiter.AttemptAcquire(caller, 0);
        return !lease.IsAcquired;
    }

    public void Record(string caller)
    {
        using var _ = limiter.AttemptAcquire(caller);
    }

    public void Dispose() => limiter.Dispose();
}
