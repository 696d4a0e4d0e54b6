using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Monitors;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>The banner's verdict over a page's monitors and open incidents, worst last.</summary>
public enum OverallStatus
{
    Operational,
    Maintenance,

    /// <summary>Nothing down, some listed monitor degraded (slow, or failing from fewer regions than its quorum).</summary>
    DegradedPerformance,
    PartialOutage,
    MajorOutage,
}

/// <summary>
/// Everything a status page shows, and nothing more: read once per render and written as HTML, JSON and Atom alike,
/// so the three always say the same. A monitor appears only under its display name; its target and error only when
/// the page says so; an incident or maintenance window only through the page's own monitors.
/// </summary>
public sealed record PublicStatusPage(
    StatusPage Page,
    DateTime UpdatedAt,
    OverallStatus Overall,
    IReadOnlyList<PublicGroup> Groups,
    IReadOnlyList<PublicIncident> OpenIncidents,
    IReadOnlyList<PublicIncident> PastIncidents,
    IReadOnlyList<PublicMaintenance> Maintenance)
{
    /// <summary>How many UTC days the bars cover, today last.</summary>
    public const int Days = 90;

    /// <summary>The monitors the page lists; a transition of any of them renders it again.</summary>
    public IReadOnlySet<Guid> MonitorIds { get; init; } = new HashSet<Guid>();

    public static string Banner(OverallStatus status) => status switch
    {
        OverallStatus.MajorOutage => "Major outage",
        OverallStatus.PartialOutage => "Partial outage",
        OverallStatus.DegradedPerformance => "Degraded performance",
        OverallStatus.Maintenance => "Under maintenance",
        _ => "All systems operational",
    };

    /// <summary>
    /// Every listed monitor up or pending: operational; some down: partial outage; all down: major outage; otherwise
    /// any degraded: degraded performance; otherwise any in maintenance: maintenance. Paused monitors count for nothing. An open major incident makes it at least a
    /// partial outage, a critical one a major outage.
    /// </summary>
    public static OverallStatus OverallOf(IReadOnlyCollection<MonitorStatusName> monitors, IEnumerable<IncidentImpact> openIncidents)
    {
        var counted = monitors.Where(s => s != MonitorStatusName.Paused).ToList();
        var down = counted.Count(s => s == MonitorStatusName.Down);
        var overall = down > 0 && down == counted.Count ? OverallStatus.MajorOutage
            : down > 0 ? OverallStatus.PartialOutage
            : counted.Contains(MonitorStatusName.Degraded) ? OverallStatus.DegradedPerformance
            : counted.Contains(MonitorStatusName.Maintenance) ? OverallStatus.Maintenance
            : OverallStatus.Operational;
        foreach (var impact in openIncidents)
        {
            var atLeast = impact switch
            {
                IncidentImpact.Critical => OverallStatus.MajorOutage,
                IncidentImpact.Major => OverallStatus.PartialOutage,
                _ => OverallStatus.Operational,
            };
            overall = atLeast > overall ? atLeast : overall;
        }

        return overall;
    }

    /// <summary>
    /// Reads <paramref name="page"/> as a visitor sees it at <paramref name="now"/>: a handful of queries whatever
    /// the number of monitors (bars for all of them in one).
    /// </summary>
    public static async Task<PublicStatusPage> ReadAsync(
        SentinelDbContext db, NpgsqlDataSource dataSource, StatusPage page, DateTime now, CancellationToken ct)
    {
        var ids = page.Groups.SelectMany(g => g.Monitors).Select(m => m.MonitorId).Distinct().ToArray();
        var monitors = await db.Monitors.AsNoTracking().Include(m => m.Status)
            .Where(m => ids.Contains(m.Id))
            .ToDictionaryAsync(m => m.Id, ct);
        var maintenance = await ActiveMaintenance.ReadAsync(db, now, ct);
        var firstDay = now.Date.AddDays(1 - Days);
        var days = await DailyUptime.ReadAsync(db, dataSource, ids, firstDay, now, ct);
        var errors = page.ShowErrors ? await LastErrorsAsync(db, monitors.Values, ct) : [];

        var statuses = new Dictionary<Guid, MonitorStatusName>();
        var groups = page.Groups.Select(g => new PublicGroup(g.Name, g.Monitors
            .Where(m => monitors.ContainsKey(m.MonitorId))
            .Select(m =>
            {
                var monitor = monitors[m.MonitorId];
                var status = MonitorResponse.StatusOf(monitor, monitor.Status, maintenance.Covers(monitor.Id, monitor.Tags));
                statuses[monitor.Id] = status;
                var bar = days[monitor.Id];
                var checks = bar.Sum(d => d.Checks);
                return new PublicMonitor(
                    m.DisplayName,
                    status,
                    page.ShowTargets ? monitor.Check.DisplayUrl : null,
                    status == MonitorStatusName.Down ? errors.GetValueOrDefault(monitor.Id) : null,
                    checks == 0 ? null : 100.0 * bar.Sum(d => d.UpChecks) / checks,
                    bar);
            })
            .ToList())).ToList();

        var listed = monitors.Keys.ToArray();
        var since = now.AddDays(-Days);
        var incidents = await db.Incidents.AsNoTracking().Include(i => i.Updates)
            .Where(i => i.MonitorIds.Any(id => listed.Contains(id)) && (i.ResolvedAt == null || i.ResolvedAt >= since))
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(ct);
        var open = incidents.Where(i => i.ResolvedAt is null).ToList();

        return new PublicStatusPage(
            page,
            now,
            OverallOf(statuses.Values, open.Select(i => i.Impact)),
            groups,
            open.Select(PublicIncident.From).ToList(),
            incidents.Where(i => i.ResolvedAt is not null).Select(PublicIncident.From).ToList(),
            await MaintenanceAsync(db, monitors.Values, now, ct))
        {
            MonitorIds = new HashSet<Guid>(ids),
        };
    }

    /// <summary>Why each down monitor went down: the error of its latest transition to down.</summary>
    private static async Task<Dictionary<Guid, string?>> LastErrorsAsync(SentinelDbContext db, IEnumerable<MonitorDefinition> monitors, CancellationToken ct)
    {
        var down = monitors.Where(m => m.Status?.State == MonitorState.Down).Select(m => m.Id).ToArray();
        if (down.Length == 0)
        {
            return [];
        }

        var latest = await db.StatusTransitions.AsNoTracking()
            .Where(t => down.Contains(t.MonitorId) && t.State == MonitorState.Down)
            .GroupBy(t => t.MonitorId)
            .Select(g => g.OrderByDescending(t => t.ChangedAt).ThenByDescending(t => t.Id).Select(t => new { t.MonitorId, t.Error }).First())
            .ToListAsync(ct);
        return latest.ToDictionary(t => t.MonitorId, t => t.Error);
    }

    /// <summary>
    /// Windows on now or starting within 7 days that cover a listed monitor, soonest first; each by its own name,
    /// never by the monitors it covers.
    /// </summary>
    private static async Task<List<PublicMaintenance>> MaintenanceAsync(
        SentinelDbContext db, IReadOnlyCollection<MonitorDefinition> monitors, DateTime now, CancellationToken ct)
    {
        var until = now.AddDays(7);
        var windows = await db.MaintenanceWindows.AsNoTracking()
            .Where(w => w.Cron != null || (w.EndsAt > now && w.StartsAt < until))
            .ToListAsync(ct);
        return windows
            .Where(w => monitors.Any(m => MaintenanceSchedule.Covers(w, m.Id, m.Tags)))
            .Select(w => (Window: w, Next: MaintenanceSchedule.OccurrenceAt(w, now) ?? MaintenanceSchedule.Occurrences(w, now, until).FirstOrDefault() as MaintenanceSchedule.Occurrence?))
            .Where(x => x.Next is { } o && o.End > now && o.Start < until)
            .Select(x => new PublicMaintenance(x.Window.Name, x.Window.Description, x.Next!.Value.Start, x.Next.Value.End, x.Next.Value.Contains(now)))
            .OrderBy(m => m.Start)
            .ToList();
    }
}

public sealed record PublicGroup(string Name, IReadOnlyList<PublicMonitor> Monitors);

/// <summary>A listed monitor under its display name; <see cref="Target"/> and <see cref="Error"/> only where the page shows them.</summary>
public sealed record PublicMonitor(string Name, MonitorStatusName Status, string? Target, string? Error, double? UptimePercent, IReadOnlyList<UptimeDay> Days);

public sealed record PublicIncident(
    Guid Id, string Title, IncidentImpact Impact, IncidentStatus Status, DateTime CreatedAt, DateTime UpdatedAt, DateTime? ResolvedAt,
    IReadOnlyList<PublicIncidentUpdate> Updates)
{
    /// <summary>Without its monitors: an incident may also name monitors the page does not list.</summary>
    public static PublicIncident From(Incident i) => new(
        i.Id, i.Title, i.Impact, i.Status, i.CreatedAt, i.UpdatedAt, i.ResolvedAt,
        i.Updates.OrderByDescending(u => u.CreatedAt).Select(u => new PublicIncidentUpdate(u.Status, u.Message, u.CreatedAt)).ToList());
}

public sealed record PublicIncidentUpdate(IncidentStatus Status, string Message, DateTime CreatedAt);

public sealed record PublicMaintenance(string Name, string? Description, DateTime Start, DateTime End, bool Active);
