namespace Sentinel.Contracts;

/// <summary>
/// A checker is alive: every checker publishes one every few seconds, so the regions it serves can be shown (count,
/// last seen, queue wait) and a region whose checkers all fell silent can be told apart from a failing target.
/// </summary>
public sealed record CheckerSeen
{
    /// <summary>Identifies the checker process: host name, process id and start time.</summary>
    public required string CheckerId { get; init; }

    /// <summary>The region whose queue the checker consumes.</summary>
    public required string Region { get; init; }

    /// <summary>The host (or pod) the checker runs on.</summary>
    public required string Host { get; init; }

    /// <summary>When the checker started (UTC).</summary>
    public required DateTime StartedAt { get; init; }

    /// <summary>When this was sent (UTC).</summary>
    public required DateTime SeenAt { get; init; }

    /// <summary>Checks the checker runs at once at most (<c>Checker__Concurrency</c>).</summary>
    public int Concurrency { get; init; }

    /// <summary>Checks running when this was sent.</summary>
    public int Running { get; init; }

    /// <summary>Checks completed since the previous <see cref="CheckerSeen"/>.</summary>
    public long Completed { get; init; }

    /// <summary>
    /// How long the last checks the checker took had waited in the region's queue, in milliseconds (from their
    /// dispatch); the queue is first in, first out, so this is how old its oldest check was then. Null when none was
    /// taken since the previous <see cref="CheckerSeen"/>.
    /// </summary>
    public double? QueueWaitMs { get; init; }
}
