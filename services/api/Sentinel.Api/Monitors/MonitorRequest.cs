using System.ComponentModel.DataAnnotations;
using Sentinel.Checks;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Monitors;

/// <summary>
/// The monitor's own fields in the body of POST, PUT and PATCH; the rest of the document is its check spec
/// (<see cref="MonitorDocument"/>). Omitted fields take their defaults (PUT replaces the whole monitor).
/// </summary>
/// <remarks>
/// The validation attributes state <see cref="MonitorValidation"/>'s limits for the OpenAPI document; the rules
/// themselves, with their messages, are <see cref="MonitorValidation.Apply"/>.
/// </remarks>
public sealed record MonitorRequest
{
    [MaxLength(MonitorValidation.MaxNameLength)]
    public string? Name { get; init; }

    /// <summary><c>check</c> (the default) or <c>heartbeat</c>: the same as <c>"kind": "heartbeat"</c>.</summary>
    public string? Type { get; init; }

    /// <summary>How often the monitor is checked, in seconds; for a heartbeat, the expected period between pings.</summary>
    [Range(1, CheckContext.MaxIntervalSeconds)]
    public int? IntervalSeconds { get; init; }

    public bool? Enabled { get; init; }

    [Range(1, MonitorValidation.MaxThreshold)]
    public int? FailureThreshold { get; init; }

    [Range(1, MonitorValidation.MaxThreshold)]
    public int? SuccessThreshold { get; init; }

    [MaxLength(MonitorValidation.MaxChannels)]
    public List<Guid>? ChannelIds { get; init; }

    [MaxLength(MonitorValidation.MaxTags)]
    [Items(MaxLength = MonitorValidation.MaxTagLength, Pattern = MonitorValidation.TagPattern)]
    public List<string>? Tags { get; init; }

    public bool? SendOnResolved { get; init; }

    [Range(1, MonitorValidation.MaxReminderIntervalMinutes)]
    public int? ReminderIntervalMinutes { get; init; }

    /// <summary>
    /// Monitors this one depends on (an ingress, a database, a DNS resolver): while one of them is down, this
    /// monitor's DOWN notice is held, and sent only if it is still down after they recovered. No cycles.
    /// </summary>
    [MaxLength(MonitorValidation.MaxDependencies)]
    public List<Guid>? DependsOn { get; init; }

    /// <summary>
    /// More state changes than this within <see cref="FlappingMinutes"/> make the monitor flapping: one notice then, none
    /// per change, and one when it settles. 0 turns flapping detection off; omitted, 5.
    /// </summary>
    [Range(0, MonitorValidation.MaxFlappingChanges)]
    public int? FlappingChanges { get; init; }

    /// <summary>The minutes in which changes are counted, and without a change after which a flapping monitor has settled; omitted, 10.</summary>
    [Range(1, MonitorValidation.MaxFlappingMinutes)]
    public int? FlappingMinutes { get; init; }

    /// <summary>
    /// The escalation policy whose steps tell more channels while an outage goes unacknowledged; null (the default)
    /// to use the first, by name, whose tags the monitor carries, if any.
    /// </summary>
    public Guid? EscalationPolicyId { get; init; }

    /// <summary>
    /// Whether the monitor has public badges (<c>/badge/{publicId}/…</c>); false by default. Turning it off gives the
    /// monitor a new public id when it is next turned on, so old badge links stop working.
    /// </summary>
    public bool? Public { get; init; }

    /// <summary>
    /// The regions the monitor is checked from, one check each per due time (<c>GET /api/v1/regions</c>); omitted, the
    /// default set. A heartbeat takes none: it is pinged from outside.
    /// </summary>
    [MaxLength(MonitorValidation.MaxRegions)]
    [Items(MaxLength = RegionNames.MaxLength, Pattern = RegionNames.Pattern)]
    public List<string>? Regions { get; init; }

    /// <summary>
    /// How many of <see cref="Regions"/> must fail at a due time for the monitor to be down (after its failure
    /// threshold); fewer failing make it degraded. Omitted, a majority.
    /// </summary>
    [Range(1, MonitorValidation.MaxRegions)]
    public int? Quorum { get; init; }

    /// <summary>A success slower than this, in milliseconds, makes the monitor degraded; omitted or null, never.</summary>
    [Range(1, MonitorValidation.MaxDegradedAboveMs)]
    public int? DegradedAboveMs { get; init; }
}
