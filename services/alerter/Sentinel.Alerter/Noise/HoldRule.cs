using Sentinel.Contracts;

namespace Sentinel.Alerter.Noise;

/// <summary>What becomes of a child's DOWN notice while monitors it depends on are, or were, down.</summary>
public enum HoldDecision
{
    Send,
    Hold,
    Withhold,
}

/// <summary>A monitor the child depends on, as the hold rule reads it.</summary>
/// <param name="LastCheckedAt">Its newest result; null before the first.</param>
/// <param name="LastChangeAt">Its newest transition; null before the first.</param>
public sealed record ParentView(string Name, bool Enabled, MonitorState State, int IntervalSeconds, DateTime? LastCheckedAt, DateTime? LastChangeAt);

/// <summary>A child's DOWN transition, as the hold rule reads it.</summary>
/// <param name="DownAt">When the child went down.</param>
/// <param name="StillDown">The child has not changed since (that DOWN is still its newest transition).</param>
/// <param name="LastCheckedAt">The child's newest result.</param>
public sealed record ChildView(DateTime DownAt, bool StillDown, DateTime LastCheckedAt);

/// <summary>
/// The dependency rule: a child's DOWN notice is held while a parent is down, and sent only if the child is still
/// down when checked after every parent recovered; a child that recovers first is never announced. A degraded parent
/// still works, so it holds nothing; a child's recovery to degraded ends its outage like one to up.
/// </summary>
public static class HoldRule
{
    /// <summary>
    /// How long past a parent's interval a child's DOWN waits for that parent's next check when the parent has not been
    /// checked since the child went down: a shared failure seen on the child first is still held, and a parent that is
    /// no longer checked (a heartbeat never pinged) does not hold it for ever.
    /// </summary>
    public static readonly TimeSpan ParentCheckGrace = TimeSpan.FromSeconds(60);

    /// <summary>The decision for <paramref name="child"/>'s DOWN notice at <paramref name="now"/>, with its reason in words.</summary>
    public static (HoldDecision Decision, string? Reason) Decide(ChildView child, IReadOnlyList<ParentView> parents, DateTime now)
    {
        var watched = parents.Where(p => p.Enabled).ToList();
        var down = watched.FirstOrDefault(p => p.State == MonitorState.Down);
        if (!child.StillDown)
        {
            // Named after the parent that held it: one down now, otherwise the one that changed last.
            var holder = down ?? watched.Concat(parents).OrderByDescending(p => p.LastChangeAt).FirstOrDefault();
            return (HoldDecision.Withhold, holder is null ? "not sent: recovered while held" : $"not sent: recovered while parent {holder.Name} was down");
        }

        if (down is not null)
        {
            return (HoldDecision.Hold, $"held: parent {down.Name} down");
        }

        var notSeen = watched.FirstOrDefault(p =>
            p.LastCheckedAt is { } checkedAt && checkedAt < child.DownAt
            && now < child.DownAt + TimeSpan.FromSeconds(p.IntervalSeconds) + ParentCheckGrace);
        if (notSeen is not null)
        {
            return (HoldDecision.Hold, $"held: waiting for parent {notSeen.Name}'s next check");
        }

        var recovered = watched.FirstOrDefault(p => p.LastChangeAt is { } changed && changed > child.DownAt && child.LastCheckedAt <= changed);
        if (recovered is not null)
        {
            return (HoldDecision.Hold, $"held: waiting for a check after parent {recovered.Name} recovered");
        }

        return (HoldDecision.Send, null);
    }
}
