namespace Sentinel.Contracts;

/// <summary>A checker probed a target (or a heartbeat was pinged or missed); travels in <see cref="ChecksCompleted"/>.</summary>
public sealed record CheckCompleted
{
    /// <summary>The <see cref="RunCheck.CheckId"/> this result answers.</summary>
    public required Guid CheckId { get; init; }

    /// <summary>The monitor checked.</summary>
    public required Guid MonitorId { get; init; }

    /// <summary>When the check was due (UTC).</summary>
    public required DateTime ScheduledAt { get; init; }

    /// <summary>
    /// When the scheduler sent the check (UTC), so schedule lag and queue wait can be told apart; null from a sender
    /// that did not say.
    /// </summary>
    public DateTime? DispatchedAt { get; init; }

    /// <summary>When the probe started (UTC).</summary>
    public required DateTime CheckedAt { get; init; }

    /// <summary>Up or down.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>
    /// Times the target was probed: 1, or more when the check spec's retries re-ran failed attempts; 0 when
    /// the check could not probe at all (no probe for the URL).
    /// </summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Time the probe (with retries, the last attempt) took, in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>HTTP status code, when the target answered over HTTP.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why the check failed, on one line (the <see cref="Errors"/> joined with "; "); null when up.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// Every reason the check failed: the probe's error, if it had one, then each failed condition with the value it
    /// saw (<c>[STATUS] (503) == 200</c>). Empty when up.
    /// </summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>Copied from <see cref="RunCheck.FailureThreshold"/>, so the recorder needs no monitor lookup.</summary>
    public int FailureThreshold { get; init; } = 1;

    /// <summary>Copied from <see cref="RunCheck.SuccessThreshold"/>.</summary>
    public int SuccessThreshold { get; init; } = 1;

    /// <summary>The region of the checker that ran the check; null from a checker older than regions (the default region).</summary>
    public string? Region { get; init; }

    /// <summary>Copied from <see cref="RunCheck.RegionCount"/>: above 1, the recorder decides the due time from every region's result.</summary>
    public int RegionCount { get; init; } = 1;

    /// <summary>Copied from <see cref="RunCheck.Quorum"/>.</summary>
    public int Quorum { get; init; } = 1;

    /// <summary>Copied from <see cref="RunCheck.DegradedAboveMs"/>.</summary>
    public int? DegradedAboveMs { get; init; }

    /// <summary>
    /// The longest the check could take, in milliseconds (every attempt timing out, with the pauses between them): the
    /// recorder waits that long past the due time, plus a margin, for the other regions' results.
    /// </summary>
    public double LongestMs { get; init; }
}
