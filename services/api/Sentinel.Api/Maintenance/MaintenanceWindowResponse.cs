using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

/// <summary>One-off (a start and an end) or recurring (cron, time zone, duration).</summary>
public enum MaintenanceKind
{
    OneOff,
    Recurring,
}

/// <summary>One occurrence of a window: from <paramref name="Start"/> (inclusive) to <paramref name="End"/> (exclusive), UTC.</summary>
public sealed record OccurrenceResponse(DateTime Start, DateTime End);

/// <summary>A maintenance window as the api shows it, with whether it is on now and when it is on next.</summary>
public sealed record MaintenanceWindowResponse(
    Guid Id,
    string Name,
    string? Description,
    MaintenanceKind Kind,
    DateTime? StartsAt,
    DateTime? EndsAt,
    string? Cron,
    string? TimeZone,
    int? DurationMinutes,
    bool AllMonitors,
    IReadOnlyList<Guid> MonitorIds,
    IReadOnlyList<string> Tags,
    IReadOnlyList<Guid> NotifyChannelIds,
    bool Active,
    OccurrenceResponse? CurrentOccurrence,
    OccurrenceResponse? NextOccurrence,
    DateTime CreatedAt,
    DateTime UpdatedAt)
{
    /// <summary>The apply that manages it (its <c>source</c>, docs/as-code.md): the next apply from there overwrites hand edits. Null when made by hand.</summary>
    public string? Source { get; init; }

    public static MaintenanceWindowResponse From(MaintenanceWindow w, DateTime now)
    {
        var current = MaintenanceSchedule.OccurrenceAt(w, now);
        return new MaintenanceWindowResponse(
            w.Id, w.Name, w.Description, w.Cron is null ? MaintenanceKind.OneOff : MaintenanceKind.Recurring,
            w.StartsAt, w.EndsAt, w.Cron, w.TimeZone, w.DurationMinutes, w.AllMonitors, w.MonitorIds, w.Tags, w.NotifyChannelIds,
            current is not null, Occurrence(current), Occurrence(MaintenanceSchedule.NextOccurrence(w, now)), w.CreatedAt, w.UpdatedAt)
        {
            Source = w.Source,
        };
    }

    private static OccurrenceResponse? Occurrence(MaintenanceSchedule.Occurrence? o) => o is { } x ? new OccurrenceResponse(x.Start, x.End) : null;
}
