namespace Sentinel.Contracts;

/// <summary>The outcome of a <see cref="TestCheck"/>: what a result in a monitor's history shows.</summary>
public sealed record CheckTested
{
    /// <summary>When the probe started (UTC).</summary>
    public required DateTime CheckedAt { get; init; }

    /// <summary>Up or down.</summary>
    public required CheckStatus Status { get; init; }

    /// <summary>Times the target was probed, as in <see cref="CheckCompleted.Attempts"/>.</summary>
    public int Attempts { get; init; } = 1;

    /// <summary>Time the probe (with retries, the last attempt) took, in milliseconds.</summary>
    public required double LatencyMs { get; init; }

    /// <summary>HTTP status code, when the target answered over HTTP.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Why the check failed, on one line (the <see cref="Errors"/> joined with "; "); null when up.</summary>
    public string? Error { get; init; }

    /// <summary>Every reason the check failed: the probe's error, then each failed condition with the value it saw. Empty when up.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];
}
