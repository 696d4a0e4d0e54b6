namespace Sentinel.Data;

/// <summary>
/// A time when chosen monitors are expected to fail: checks still run and are recorded (marked), but their
/// transitions alert no one and their results count in no uptime figure. Either one-off (<see cref="StartsAt"/> to
/// <see cref="EndsAt"/>) or recurring (<see cref="Cron"/> in <see cref="TimeZone"/>, each occurrence lasting
/// <see cref="DurationMinutes"/>). When it covers a monitor and whether it is on now: <see cref="MaintenanceSchedule"/>.
/// Written by the api.
/// </summary>
public sealed class MaintenanceWindow
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }

    /// <summary>A one-off window's start (UTC); null on a recurring one.</summary>
    public DateTime? StartsAt { get; set; }

    /// <summary>A one-off window's end (UTC, exclusive); null on a recurring one.</summary>
    public DateTime? EndsAt { get; set; }

    /// <summary>A recurring window's start times: a five-field cron expression read by Cronos; null on a one-off one.</summary>
    public string? Cron { get; set; }

    /// <summary>The IANA time zone <see cref="Cron"/> is read in (<c>Europe/Berlin</c>); null on a one-off window.</summary>
    public string? TimeZone { get; set; }

    /// <summary>How long each occurrence of a recurring window lasts; null on a one-off window.</summary>
    public int? DurationMinutes { get; set; }

    /// <summary>Covers every monitor, whatever <see cref="MonitorIds"/> and <see cref="Tags"/> say.</summary>
    public bool AllMonitors { get; set; }

    /// <summary>Monitors covered by id.</summary>
    public List<Guid> MonitorIds { get; set; } = [];

    /// <summary>Monitors covered by tag: any monitor carrying one of these.</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>Channels told when an occurrence starts and when it ends; empty for no notices.</summary>
    public List<Guid> NotifyChannelIds { get; set; } = [];

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The <c>source</c> of the apply that created or last took over this object (docs/as-code.md); null when made by
    /// hand. Only that source's apply with prune deletes it.
    /// </summary>
    public string? Source { get; set; }
}
