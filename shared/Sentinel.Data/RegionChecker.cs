namespace Sentinel.Data;

/// <summary>
/// A checker as it last reported itself (<c>CheckerSeen</c>): which region it serves, since when, and when it was
/// last heard from. Written by the recorder; a region whose checkers have all been silent too long is lost
/// (<see cref="RegionOutage"/>).
/// </summary>
public sealed class RegionChecker
{
    /// <summary>Host name, process id and start time of the checker process.</summary>
    public required string CheckerId { get; set; }

    public required string Region { get; set; }
    public required string Host { get; set; }
    public DateTime StartedAt { get; set; }
    public DateTime LastSeenAt { get; set; }

    /// <summary>Checks it runs at once at most.</summary>
    public int Concurrency { get; set; }

    /// <summary>Checks running when it last reported.</summary>
    public int Running { get; set; }

    /// <summary>How long the checks it last took had waited in the queue, in milliseconds; null if it took none since its previous report.</summary>
    public double? QueueWaitMs { get; set; }
}
