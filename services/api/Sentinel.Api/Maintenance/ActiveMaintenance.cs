using Microsoft.EntityFrameworkCore;
using Sentinel.Data;

namespace Sentinel.Api.Maintenance;

/// <summary>
/// The maintenance windows on at one moment, with the occurrence each is in: what decides whether a monitor shows
/// <c>maintenance</c> in the api, the dashboard and on status pages. Windows are few, so all that could be on are
/// read and their schedules evaluated here (<see cref="MaintenanceSchedule"/>), not in SQL.
/// </summary>
public sealed class ActiveMaintenance
{
    private ActiveMaintenance(DateTime at, IReadOnlyList<(MaintenanceWindow Window, MaintenanceSchedule.Occurrence Occurrence)> on)
    {
        At = at;
        On = on;
    }

    /// <summary>The moment read.</summary>
    public DateTime At { get; }

    /// <summary>The windows on at <see cref="At"/>, each with its current occurrence.</summary>
    public IReadOnlyList<(MaintenanceWindow Window, MaintenanceSchedule.Occurrence Occurrence)> On { get; }

    /// <summary>The windows on at <paramref name="now"/>.</summary>
    public static async Task<ActiveMaintenance> ReadAsync(SentinelDbContext db, DateTime now, CancellationToken ct)
    {
        // One-off windows that are over or not started are left in the database; recurring ones need their schedule.
        var candidates = await db.MaintenanceWindows.AsNoTracking()
            .Where(w => w.Cron != null || (w.StartsAt <= now && w.EndsAt > now))
            .ToListAsync(ct);
        var on = candidates
            .Select(w => (Window: w, Occurrence: MaintenanceSchedule.OccurrenceAt(w, now)))
            .Where(x => x.Occurrence is not null)
            .Select(x => (x.Window, x.Occurrence!.Value))
            .ToList();
        return new ActiveMaintenance(now, on);
    }

    /// <summary>Whether any window is on now.</summary>
    public bool Any => On.Count > 0;

    /// <summary>The occurrence covering a monitor with this id and tags now (the one ending last if several do); null if none.</summary>
    public MaintenanceSchedule.Occurrence? For(Guid monitorId, IEnumerable<string> tags)
    {
        MaintenanceSchedule.Occurrence? found = null;
        foreach (var (window, occurrence) in On)
        {
            if (MaintenanceSchedule.Covers(window, monitorId, tags) && (found is null || occurrence.End > found.Value.End))
            {
                found = occurrence;
            }
        }

        return found;
    }

    /// <summary>Whether a window covers a monitor with this id and tags now.</summary>
    public bool Covers(Guid monitorId, IEnumerable<string> tags) => For(monitorId, tags) is not null;

    /// <summary>Whether a window covering every monitor is on now.</summary>
    public bool CoversAll => On.Any(x => x.Window.AllMonitors);

    /// <summary>Monitor ids covered by id, for SQL filters (with <see cref="Tags"/> and <see cref="CoversAll"/>).</summary>
    public Guid[] MonitorIds => On.SelectMany(x => x.Window.MonitorIds).Distinct().ToArray();

    /// <summary>Tags whose monitors are covered, for SQL filters.</summary>
    public string[] Tags => On.SelectMany(x => x.Window.Tags).Distinct().ToArray();
}
