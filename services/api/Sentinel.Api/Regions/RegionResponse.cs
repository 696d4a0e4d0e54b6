namespace Sentinel.Api.Regions;

/// <summary>Whether a region's checks are being run, as <c>GET /api/v1/regions</c> shows it.</summary>
public enum RegionState
{
    /// <summary>A checker has served it and it is not lost.</summary>
    Active,

    /// <summary>Every checker of it fell silent past <c>Alerter__RegionLostAfterSeconds</c>: its checks are not being run.</summary>
    Lost,

    /// <summary>No checker has ever served it.</summary>
    Unused,
}

/// <summary>
/// A region as <c>GET /api/v1/regions</c> shows it.
/// </summary>
/// <param name="Default">In the default set: a monitor that names no regions is checked from it.</param>
/// <param name="Checkers">Checkers heard from within <see cref="RegionOverview.LiveCheckerWindow"/>.</param>
/// <param name="LastSeenAt">When a checker of it last reported; null when none ever did.</param>
/// <param name="Queue">Its queue as the broker sees it now; null when the broker did not answer or the queue does not exist (no checker has started).</param>
/// <param name="OldestWaitingSeconds">How long the checks its live checkers last took had waited in the queue, the longest of them; null when they took none.</param>
/// <param name="Monitors">Monitors checked from it.</param>
public sealed record RegionResponse(
    string Name,
    bool Default,
    RegionState State,
    int Checkers,
    DateTime? LastSeenAt,
    QueueResponse? Queue,
    double? OldestWaitingSeconds,
    long Monitors,
    DateTime CreatedAt);
