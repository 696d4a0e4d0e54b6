using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// A time a monitor was flapping: it changed state more than <see cref="MonitorDefinition.FlappingChanges"/> times
/// within <see cref="MonitorDefinition.FlappingMinutes"/>, and its per-change notices gave way to one notice when it
/// started and one when it settled. At most one is open per monitor (a unique index), so several alerter replicas
/// record, and notify, each start once. Written by the alerter.
/// </summary>
public sealed class FlappingPeriod
{
    /// <summary>Also the transition id of its deliveries, both the started and the settled notice.</summary>
    public Guid Id { get; set; }
    public Guid MonitorId { get; set; }

    /// <summary>When the change that made it flapping happened (that transition's time).</summary>
    public DateTime StartedAt { get; set; }

    /// <summary>How many changes were counted when it started, and in how many minutes.</summary>
    public int Changes { get; set; }
    public int Minutes { get; set; }

    /// <summary>When it was seen settled (no change for <see cref="Minutes"/>); null while it lasts.</summary>
    public DateTime? EndedAt { get; set; }

    /// <summary>The state it settled in; null while it lasts.</summary>
    public MonitorState? SettledState { get; set; }
}
