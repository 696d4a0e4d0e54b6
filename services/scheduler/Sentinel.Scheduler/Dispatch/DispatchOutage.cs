namespace Sentinel.Scheduler.Dispatch;

/// <summary>
/// A run of failed dispatches (the broker or the database away): logged when it begins and when it ends rather
/// than on every poll, and tried again once every <see cref="RetryPause"/> meanwhile rather than on every poll,
/// since each attempt claims monitors only to roll the claim back.
/// </summary>
public sealed class DispatchOutage(ILogger<DispatchOutage> logger)
{
    public static readonly TimeSpan RetryPause = TimeSpan.FromSeconds(1);

    private readonly Lock _gate = new();
    private DateTime? _since;
    private DateTime _retryAt;
    private int _failures;

    /// <summary>False while an outage's pause before the next attempt lasts.</summary>
    public bool ShouldAttempt
    {
        get
        {
            lock (_gate)
            {
                return _since is null || DateTime.UtcNow >= _retryAt;
            }
        }
    }

    public void Failed(Exception exception)
    {
        lock (_gate)
        {
            var now = DateTime.UtcNow;
            _failures++;
            _retryAt = now + RetryPause;
            if (_since is null)
            {
                _since = now;
                logger.LogWarning(exception,
                    "Dispatching due checks failed; the claim rolled back and is tried again every {Pause} s until it works (logged again when it does)",
                    RetryPause.TotalSeconds);
            }
            else
            {
                logger.LogDebug(exception, "Dispatching due checks failed again ({Failures} failures so far)", _failures);
            }
        }
    }

    /// <summary>A claim was dispatched: ends the outage, if there was one.</summary>
    public void Succeeded()
    {
        lock (_gate)
        {
            if (_since is { } since)
            {
                logger.LogInformation("Dispatching due checks works again, after {Seconds:0.0} s and {Failures} failed attempts",
                    (DateTime.UtcNow - since).TotalSeconds, _failures);
                _since = null;
                _failures = 0;
            }
        }
    }
}
