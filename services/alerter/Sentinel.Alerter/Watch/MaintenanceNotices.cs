using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Alerter.Deliveries;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Watch;

/// <summary>
/// Tells a maintenance window's <see cref="MaintenanceWindow.NotifyChannelIds"/> when each of its occurrences starts and
/// when it ends, looking every <see cref="AlerterOptions.MaintenanceNoticeIntervalSeconds"/>.
/// </summary>
/// <remarks>
/// Every alerter replica looks. Each notice is a delivery keyed by (occurrence id, channel, kind), the occurrence id a
/// hash of the window and its start (<see cref="MaintenanceSchedule.OccurrenceId"/>), so the unique delivery key makes
/// replicas, restarts and repeated looks record it once; the <see cref="DeliveryRunner"/>'s claims make it sent once.
/// A start is told while the occurrence is on (a window created mid-occurrence is told at once); an end is told up to
/// <see cref="EndedNoticeHorizon"/> late (an alerter that was stopped), never for an occurrence that ended before the
/// window was created.
/// </remarks>
public sealed class MaintenanceNotices(
    IDbContextFactory<SentinelDbContext> contexts, DeliveryStore store, DeliveryRunner runner,
    IOptions<AlerterOptions> options, ILogger<MaintenanceNotices> logger)
    : PeriodicDeliveries(TimeSpan.FromSeconds(options.Value.MaintenanceNoticeIntervalSeconds), logger)
{
    /// <summary>How late an end is still told.</summary>
    public static readonly TimeSpan EndedNoticeHorizon = TimeSpan.FromHours(1);

    // What this replica has recorded already, so a long occurrence is not looked up again every tick.
    private readonly HashSet<(Guid Occurrence, NotificationKind Kind)> _told = [];

    protected override string What => "Maintenance notices";

    protected override Task<List<Task>> LookAsync(CancellationToken cancellationToken) => NoticeAsync(cancellationToken);

    /// <summary>One look: records the notices due and not yet recorded, and returns their deliveries, without waiting for them.</summary>
    public async Task<List<Task>> NoticeAsync(CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var since = now - EndedNoticeHorizon;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var windows = await db.MaintenanceWindows.AsNoTracking()
            .Where(w => w.NotifyChannelIds.Count > 0 && (w.Cron != null || (w.StartsAt <= now && w.EndsAt > since)))
            .ToListAsync(cancellationToken);
        var started = new List<Task>();
        foreach (var window in windows)
        {
            foreach (var occurrence in MaintenanceSchedule.Occurrences(window, since, now))
            {
                var kind = occurrence.Contains(now) ? NotificationKind.MaintenanceStarted
                    : occurrence.End <= now && occurrence.End > window.CreatedAt ? NotificationKind.MaintenanceEnded
                    : (NotificationKind?)null;
                var id = MaintenanceSchedule.OccurrenceId(window.Id, occurrence.Start);
                if (kind is not { } due || _told.Contains((id, due)))
                {
                    continue;
                }

                var ids = window.NotifyChannelIds;
                var channels = await db.AlertChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
                var notification = await NotificationPlanner.MaintenanceNotificationAsync(db, window, occurrence, due, cancellationToken);
                var deliveries = await store.CreateAsync(id, sequence: 0, due, monitorId: null, channels, cancellationToken);
                _told.Add((id, due));
                started.AddRange(deliveries.Select(d => Task.Run(() => runner.RunAsync(d, notification, cancellationToken), cancellationToken)));
            }
        }

        // The set only spares lookups (the delivery key is what makes a notice once): emptied when it grows large.
        if (_told.Count > 1000)
        {
            _told.Clear();
        }

        return started;
    }
}
