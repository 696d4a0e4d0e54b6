using System.Globalization;
using Sentinel.Api.Dashboard;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// <c>/status/{slug}.json</c>: the page's facts as the HTML shows them (<see cref="PublicStatusPage"/>), for scripts
/// and other dashboards. Monitors appear by display name only; no id of a monitor is given.
/// </summary>
public sealed record StatusPageJson(
    string Slug,
    string Title,
    string? Description,
    string? LogoUrl,
    string Status,
    string StatusText,
    DateTime UpdatedAt,
    IReadOnlyList<StatusPageJson.Group> Groups,
    IReadOnlyList<StatusPageJson.IncidentItem> ActiveIncidents,
    IReadOnlyList<StatusPageJson.IncidentItem> PastIncidents,
    IReadOnlyList<StatusPageJson.MaintenanceItem> Maintenance)
{
    public sealed record Group(string Name, IReadOnlyList<Monitor> Monitors);

    /// <summary><see cref="Target"/> and <see cref="Error"/> are present only when the page shows them.</summary>
    public sealed record Monitor(string Name, string Status, string? Target, string? Error, double? UptimePercent, IReadOnlyList<Day> Days);

    /// <summary>One UTC day; <see cref="UptimePercent"/> null when it had no checks.</summary>
    public sealed record Day(string Date, double? UptimePercent, double DownMinutes);

    public sealed record IncidentItem(
        Guid Id, string Title, IncidentImpact Impact, IncidentStatus Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ResolvedAt,
        IReadOnlyList<PublicIncidentUpdate> Updates);

    public sealed record MaintenanceItem(string Name, string? Description, DateTime Start, DateTime End, bool Active);

    public static StatusPageJson From(PublicStatusPage model) => new(
        model.Page.Slug,
        model.Page.Title,
        model.Page.Description,
        model.Page.LogoUrl,
        StatusPageView.OverallClass(model.Overall),
        PublicStatusPage.Banner(model.Overall),
        model.UpdatedAt,
        model.Groups.Select(g => new Group(g.Name, g.Monitors.Select(m => new Monitor(
            m.Name,
            Display.Status(m.Status),
            m.Target,
            m.Error,
            m.UptimePercent is { } up ? Math.Round(up, 3) : null,
            m.Days.Select(d => new Day(d.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), d.UptimePercent is { } p ? Math.Round(p, 3) : null, Math.Round(d.DownMinutes, 1))).ToList())).ToList())).ToList(),
        model.OpenIncidents.Select(Incident).ToList(),
        model.PastIncidents.Select(Incident).ToList(),
        model.Maintenance.Select(w => new MaintenanceItem(w.Name, w.Description, w.Start, w.End, w.Active)).ToList());

    private static IncidentItem Incident(PublicIncident i) =>
        new(i.Id, i.Title, i.Impact, i.Status, i.CreatedAt, i.UpdatedAt, i.ResolvedAt, i.Updates);
}
