using System.ComponentModel.DataAnnotations;
using Sentinel.Api.Monitors;
using Sentinel.Checks;

namespace Sentinel.Api.Maintenance;

/// <summary>
/// The body of POST and PUT /api/v1/maintenance-windows: one-off (<see cref="StartsAt"/>, <see cref="EndsAt"/>) or
/// recurring (<see cref="Cron"/>, <see cref="TimeZone"/>, <see cref="DurationMinutes"/>), never both, covering chosen
/// monitors, tags, or all.
/// </summary>
/// <remarks>
/// The validation attributes state <see cref="MaintenanceValidation"/>'s limits for the OpenAPI document; the rules,
/// with their messages, are <see cref="MaintenanceValidation.Apply"/>.
/// </remarks>
public sealed record MaintenanceWindowRequest
{
    [MaxLength(MaintenanceValidation.MaxNameLength)]
    public string? Name { get; init; }

    [MaxLength(MaintenanceValidation.MaxDescriptionLength)]
    public string? Description { get; init; }

    /// <summary>A one-off window's start, ISO-8601 UTC.</summary>
    public DateTime? StartsAt { get; init; }

    /// <summary>A one-off window's end (exclusive), ISO-8601 UTC; after <see cref="StartsAt"/>.</summary>
    public DateTime? EndsAt { get; init; }

    /// <summary>A recurring window's start times: five cron fields (minute hour day-of-month month day-of-week).</summary>
    [MaxLength(MaintenanceValidation.MaxCronLength)]
    public string? Cron { get; init; }

    /// <summary>The IANA time zone the cron expression is read in, such as Europe/Berlin.</summary>
    [MaxLength(MaintenanceValidation.MaxTimeZoneLength)]
    public string? TimeZone { get; init; }

    /// <summary>How long each occurrence of a recurring window lasts, in minutes.</summary>
    [Range(1, MaintenanceValidation.MaxDurationMinutes)]
    public int? DurationMinutes { get; init; }

    /// <summary>Covers every monitor.</summary>
    public bool? AllMonitors { get; init; }

    [MaxLength(MaintenanceValidation.MaxItems)]
    public List<Guid>? MonitorIds { get; init; }

    /// <summary>Covers every monitor carrying one of these tags.</summary>
    [MaxLength(MaintenanceValidation.MaxItems)]
    [Items(MaxLength = MonitorValidation.MaxTagLength, Pattern = MonitorValidation.TagPattern)]
    public List<string>? Tags { get; init; }

    /// <summary>Channels told when each occurrence starts and ends.</summary>
    [MaxLength(MaintenanceValidation.MaxItems)]
    public List<Guid>? NotifyChannelIds { get; init; }
}
