namespace Sentinel.Data;

/// <summary>
/// Who else hears of an outage nobody acknowledges, and when: ordered <see cref="Steps"/>, each "after
/// <see cref="EscalationStep.DelayMinutes"/> still down and not acknowledged, notify these channels". A monitor uses the
/// policy it names (<see cref="MonitorDefinition.EscalationPolicyId"/>), or else the first by name whose
/// <see cref="Tags"/> it carries (<see cref="For"/>). Written by the api.
/// </summary>
public sealed class EscalationPolicy
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>1 to 10 steps, their delays strictly increasing; stored as jsonb.</summary>
    public List<EscalationStep> Steps { get; set; } = [];

    /// <summary>Monitors carrying any of these tags use the policy unless they name one themselves.</summary>
    public List<string> Tags { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The <c>source</c> of the apply that created or last took over this object (docs/as-code.md); null when made by
    /// hand. Only that source's apply with prune deletes it.
    /// </summary>
    public string? Source { get; set; }

    /// <summary>
    /// The policy <paramref name="monitor"/> uses among <paramref name="policies"/>: the one it names, or else the first by
    /// name whose tags it carries; null for none. The one rule, for the alerter's steps and the api's display alike.
    /// </summary>
    public static EscalationPolicy? For(MonitorDefinition monitor, IEnumerable<EscalationPolicy> policies)
    {
        var all = policies.ToList();
        return monitor.EscalationPolicyId is { } named
            ? all.FirstOrDefault(p => p.Id == named)
            : all.Where(p => p.Tags.Intersect(monitor.Tags).Any()).OrderBy(p => p.Name, StringComparer.Ordinal).FirstOrDefault();
    }
}

/// <summary>One step of an <see cref="EscalationPolicy"/>: after <see cref="DelayMinutes"/> of an outage, tell <see cref="ChannelIds"/>.</summary>
public sealed record EscalationStep(int DelayMinutes, List<Guid> ChannelIds);
