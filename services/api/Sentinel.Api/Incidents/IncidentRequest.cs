using System.ComponentModel.DataAnnotations;

namespace Sentinel.Api.Incidents;

/// <summary>The body of POST /api/v1/incidents: the incident and the first update of its timeline.</summary>
/// <remarks>
/// The validation attributes state <see cref="IncidentValidation"/>'s limits for the OpenAPI document; the rules, with
/// their messages, are there.
/// </remarks>
public sealed record IncidentRequest
{
    [MaxLength(IncidentValidation.MaxTitleLength)]
    public string? Title { get; init; }

    /// <summary>How badly users are hurt: <c>none</c>, <c>minor</c>, <c>major</c> or <c>critical</c>.</summary>
    [AllowedValues("none", "minor", "major", "critical")]
    public string? Impact { get; init; }

    /// <summary>The monitors it affects, one at least: every status page listing one of them shows the incident.</summary>
    [MaxLength(IncidentValidation.MaxMonitors)]
    public List<Guid>? MonitorIds { get; init; }

    /// <summary>The first update's status: <c>investigating</c> (the default), <c>identified</c>, <c>monitoring</c> or <c>resolved</c>.</summary>
    [AllowedValues("investigating", "identified", "monitoring", "resolved")]
    public string? Status { get; init; }

    /// <summary>The first update's message, as users will read it.</summary>
    [MaxLength(IncidentValidation.MaxMessageLength)]
    public string? Message { get; init; }
}

/// <summary>The body of PUT and PATCH /api/v1/incidents/{id}: what an incident is about. Its status changes by updates.</summary>
public sealed record IncidentChangeRequest
{
    [MaxLength(IncidentValidation.MaxTitleLength)]
    public string? Title { get; init; }

    [AllowedValues("none", "minor", "major", "critical")]
    public string? Impact { get; init; }

    [MaxLength(IncidentValidation.MaxMonitors)]
    public List<Guid>? MonitorIds { get; init; }
}

/// <summary>The body of POST /api/v1/incidents/{id}/updates: one more entry of the timeline.</summary>
public sealed record IncidentUpdateRequest
{
    /// <summary><c>resolved</c> resolves the incident; any other status reopens a resolved one. Not given, the status stays.</summary>
    [AllowedValues("investigating", "identified", "monitoring", "resolved")]
    public string? Status { get; init; }

    [MaxLength(IncidentValidation.MaxMessageLength)]
    public string? Message { get; init; }
}
