namespace Sentinel.Data;

/// <summary>How badly an incident hurts users, as a status page says it.</summary>
public enum IncidentImpact
{
    None = 0,
    Minor = 1,
    Major = 2,
    Critical = 3,
}

/// <summary>Where an incident stands; an incident is resolved when its latest update says so.</summary>
public enum IncidentStatus
{
    Investigating = 0,
    Identified = 1,
    Monitoring = 2,
    Resolved = 3,
}

/// <summary>
/// Something a person tells users about (written by hand, unlike the down periods the recorder sees): shown on every
/// status page that lists one of its monitors, on top while open and below once resolved. Written by the api.
/// </summary>
public sealed class Incident
{
    public Guid Id { get; set; }
    public required string Title { get; set; }
    public IncidentImpact Impact { get; set; }

    /// <summary>The monitors it affects; a status page shows it when it lists any of them.</summary>
    public List<Guid> MonitorIds { get; set; } = [];

    /// <summary>The status of its latest update.</summary>
    public IncidentStatus Status { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>When an update resolved it; null while open (a later update that reopens it clears it).</summary>
    public DateTime? ResolvedAt { get; set; }

    /// <summary>Its timeline, oldest first.</summary>
    public List<IncidentUpdate> Updates { get; set; } = [];
}

/// <summary>One entry of an <see cref="Incident"/>'s timeline.</summary>
public sealed class IncidentUpdate
{
    public Guid Id { get; set; }
    public Guid IncidentId { get; set; }
    public IncidentStatus Status { get; set; }
    public required string Message { get; set; }
    public DateTime CreatedAt { get; set; }
}
