namespace Sentinel.Data;

/// <summary>
/// A time when every checker of a region was silent past <c>Alerter__RegionLostAfterSeconds</c>: the region is
/// lost. Its silence changes no monitor's state (a region that does not answer is unknown, never down); the admins
/// (the default channels) are told once when it is lost and once when it is back. At most one is open per region (a
/// unique index), so several alerter replicas record and notify it once. Written by the alerter.
/// </summary>
public sealed class RegionOutage
{
    /// <summary>Also the transition id of its deliveries.</summary>
    public Guid Id { get; set; }

    public required string Region { get; set; }

    /// <summary>When its last checker was last heard from.</summary>
    public DateTime QuietSince { get; set; }

    /// <summary>When the alerter saw it lost.</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>When a checker of the region was heard from again; null while it lasts.</summary>
    public DateTime? EndedAt { get; set; }
}
