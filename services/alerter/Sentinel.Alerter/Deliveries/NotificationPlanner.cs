using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Deliveries;

/// <summary>Decides who hears about a transition, and what they are told.</summary>
public sealed class NotificationPlanner(IDbContextFactory<SentinelDbContext> contexts, IOptions<AlerterOptions> options)
{
    /// <summary>
    /// What a channel hears of a monitor moving from <paramref name="from"/> to <paramref name="to"/>; null for nothing.
    /// A channel without <see cref="AlertChannel.NotifyDegraded"/> counts a degraded monitor as up: Up→Degraded and
    /// Degraded→Up tell it nothing, Down→Degraded is its recovery (UP), Degraded→Down its DOWN. A channel with it hears
    /// every change, DEGRADED named as such, a first result (from pending) that is degraded too; a first result that is
    /// up tells nobody.
    /// </summary>
    public static NotificationKind? KindFor(MonitorState from, MonitorState to, bool notifyDegraded) => to switch
    {
        MonitorState.Down => NotificationKind.Down,
        MonitorState.Degraded when notifyDegraded => NotificationKind.Degraded,
        _ when from == MonitorState.Pending => null,
        MonitorState.Up when from == MonitorState.Degraded => notifyDegraded ? NotificationKind.Up : null,
        MonitorState.Up or MonitorState.Degraded when from == MonitorState.Down => NotificationKind.Up,
        _ => null,
    };

    // The migration made the key and nothing changes it: read once, on the first notice with a link.
    private byte[]? _acknowledgeKey;

    /// <summary>The escalation policy <paramref name="monitor"/> uses (<see cref="EscalationPolicy.For"/>); null for none.</summary>
    public async Task<EscalationPolicy?> PolicyForAsync(MonitorDefinition monitor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tags = monitor.Tags;
        var candidates = await db.EscalationPolicies.AsNoTracking()
            .Where(p => p.Id == monitor.EscalationPolicyId || (monitor.EscalationPolicyId == null && p.Tags.Any(t => tags.Contains(t))))
            .ToListAsync(cancellationToken);
        return EscalationPolicy.For(monitor, candidates);
    }

    /// <summary>
    /// The channels step <paramref name="step"/> of <paramref name="policy"/> tells. A step due at once goes out with
    /// the DOWN notice, so it leaves out the channels that notice already reaches (<paramref name="downChannels"/>):
    /// they would get the same news twice in the same second.
    /// </summary>
    public async Task<List<AlertChannel>> StepChannelsAsync(
        EscalationPolicy policy, int step, IReadOnlyCollection<AlertChannel> downChannels, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = policy.Steps[step].ChannelIds;
        var told = policy.Steps[step].DelayMinutes == 0 ? downChannels.Select(c => c.Id).ToHashSet() : [];
        var channels = await db.AlertChannels.AsNoTracking().Where(c => ids.Contains(c.Id)).ToListAsync(cancellationToken);
        return channels.Where(c => !told.Contains(c.Id)).ToList();
    }

    /// <summary>
    /// Who hears a monitor recover: its own and the default channels, and every channel told of the outage that
    /// <paramref name="up"/> ends (an escalation step's, a channel since taken off the monitor), so whoever was paged
    /// hears it is over.
    /// </summary>
    public async Task<List<AlertChannel>> RecoveryChannelsAsync(MonitorDefinition monitor, StatusTransition up, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = monitor.ChannelIds;
        var outage = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitor.Id && t.State == MonitorState.Down && !t.Maintenance && t.ChangedAt <= up.ChangedAt)
            .OrderByDescending(t => t.ChangedAt)
            .Select(t => (Guid?)t.Id)
            .FirstOrDefaultAsync(cancellationToken);
        var told = db.NotificationDeliveries.Where(d => d.TransitionId == outage).Select(d => d.ChannelId);
        return await db.AlertChannels.AsNoTracking().Where(c => c.IsDefault || ids.Contains(c.Id) || told.Contains(c.Id)).ToListAsync(cancellationToken);
    }

    public async Task<StatusTransition?> TransitionAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.StatusTransitions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == id, cancellationToken);
    }

    /// <summary>The monitor's own channels and the default ones.</summary>
    public async Task<List<AlertChannel>> ChannelsForAsync(MonitorDefinition monitor, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var ids = monitor.ChannelIds;
        return await db.AlertChannels.AsNoTracking().Where(c => c.IsDefault || ids.Contains(c.Id)).ToListAsync(cancellationToken);
    }

    public async Task<MonitorDefinition?> MonitorAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Monitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, cancellationToken);
    }

    /// <summary>
    /// The notice for a stored transition: the recorder writes the transition before it publishes it, so the
    /// row is there for a live message and for a delivery resumed after a crash alike.
    /// </summary>
    /// <param name="sequence">The delivery's: on an escalation, the step's index.</param>
    public async Task<Notification?> NotificationAsync(Guid transitionId, NotificationKind kind, CancellationToken cancellationToken, int sequence = 0)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (kind is NotificationKind.MaintenanceStarted or NotificationKind.MaintenanceEnded)
        {
            return await MaintenanceNotificationAsync(db, transitionId, kind, cancellationToken);
        }

        if (kind is NotificationKind.RegionLost or NotificationKind.RegionBack)
        {
            var lost = await db.RegionOutages.AsNoTracking().SingleOrDefaultAsync(o => o.Id == transitionId, cancellationToken);
            return lost is null ? null : RegionNotification(lost, kind);
        }

        if (kind is NotificationKind.NotChecking or NotificationKind.CheckingAgain)
        {
            var outage = await db.CheckingOutages.AsNoTracking().SingleOrDefaultAsync(o => o.Id == transitionId, cancellationToken);
            return outage is null ? null : OutageNotification(outage, kind);
        }

        if (kind is NotificationKind.FlappingStarted or NotificationKind.FlappingSettled)
        {
            var period = await db.FlappingPeriods.AsNoTracking().SingleOrDefaultAsync(p => p.Id == transitionId, cancellationToken);
            var flapping = period is null ? null : await db.Monitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == period.MonitorId, cancellationToken);
            return flapping is null ? null : await FlappingNotificationAsync(db, flapping, period!, kind, cancellationToken);
        }

        var transition = await db.StatusTransitions.AsNoTracking().SingleOrDefaultAsync(t => t.Id == transitionId, cancellationToken);
        var monitor = transition is null ? null : await db.Monitors.AsNoTracking().SingleOrDefaultAsync(m => m.Id == transition.MonitorId, cancellationToken);
        if (transition is null || monitor is null)
        {
            return null;
        }

        // The outage: this DOWN itself, or the latest announced DOWN at or before an UP or a reminder. A change from up
        // or degraded (degraded, or up again from degraded) ends no outage.
        var opened = transition.State == MonitorState.Down
            ? transition
            : transition.PreviousState is MonitorState.Up or MonitorState.Degraded
            ? null
            : await db.StatusTransitions.AsNoTracking()
                .Where(t => t.MonitorId == monitor.Id && t.State == MonitorState.Down && !t.Maintenance && t.ChangedAt <= transition.ChangedAt)
                .OrderByDescending(t => t.ChangedAt)
                .FirstOrDefaultAsync(cancellationToken);
        var step = kind == NotificationKind.Escalation && await PolicyForAsync(monitor, cancellationToken) is { } policy && sequence < policy.Steps.Count
            ? (sequence + 1, policy.Steps[sequence].DelayMinutes)
            : ((int, int)?)null;
        return new Notification
        {
            Kind = kind,
            MonitorId = monitor.Id,
            MonitorName = monitor.Name,
            MonitorUrl = monitor.Check.DisplayUrl,
            // A reminder or an escalation reports the outage as of now; a transition reports the check that caused it.
            ChangedAt = kind is NotificationKind.Reminder or NotificationKind.Escalation ? DateTime.UtcNow : transition.ChangedAt,
            Error = transition.Error,
            StatusCode = transition.StatusCode,
            LatencyMs = transition.LatencyMs,
            DownSince = opened?.ChangedAt,
            // An UP with no announced DOWN before it (one made in a maintenance window) closes nothing: keyed by itself.
            IncidentKey = opened?.Id ?? transition.Id,
            Tags = monitor.Tags,
            EscalationStep = step,
            AcknowledgeUrl = transition.State == MonitorState.Down ? await AcknowledgeUrlAsync(db, monitor.Id, transition.Id, cancellationToken) : null,
            State = transition.State,
            Regions = transition.Regions,
            // The monitor's quorum now: the transition does not keep the one it was decided with.
            Quorum = transition.Regions.Count > 0 ? monitor.Quorum : null,
        };
    }

    /// <summary>
    /// A monitor's notice that it started flapping, or settled (then with the cause of its last change, and, settled
    /// down, since when it is down).
    /// </summary>
    public static async Task<Notification> FlappingNotificationAsync(
        SentinelDbContext db, MonitorDefinition monitor, FlappingPeriod period, NotificationKind kind, CancellationToken cancellationToken)
    {
        var at = kind == NotificationKind.FlappingStarted ? period.StartedAt : period.EndedAt ?? DateTime.UtcNow;
        var last = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitor.Id && !t.Maintenance && t.ChangedAt <= at)
            .OrderByDescending(t => t.ChangedAt)
            .FirstOrDefaultAsync(cancellationToken);
        var settledDown = kind == NotificationKind.FlappingSettled && period.SettledState == MonitorState.Down;
        return new Notification
        {
            Kind = kind,
            MonitorId = monitor.Id,
            MonitorName = monitor.Name,
            MonitorUrl = monitor.Check.DisplayUrl,
            ChangedAt = at,
            Error = last?.Error,
            StatusCode = last?.StatusCode,
            LatencyMs = last?.LatencyMs ?? 0,
            DownSince = settledDown ? last?.ChangedAt : null,
            // Settled down, the outage is the last change's, as the recovery's UP will find it.
            IncidentKey = last?.Id ?? period.Id,
            Tags = monitor.Tags,
            Flapping = new FlappingFacts(period.StartedAt, period.Changes, period.Minutes, period.EndedAt, period.SettledState),
        };
    }

    /// <summary>The one-click link that acknowledges outage <paramref name="transitionId"/>; null when no public address is set.</summary>
    private async Task<string?> AcknowledgeUrlAsync(SentinelDbContext db, Guid monitorId, Guid transitionId, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(options.Value.PublicUrl))
        {
            return null;
        }

        _acknowledgeKey ??= await AcknowledgeTokens.ReadKeyAsync(db, cancellationToken);
        var expires = DateTime.UtcNow.AddHours(options.Value.AcknowledgeLinkHours);
        return $"{options.Value.PublicUrl.TrimEnd('/')}/ack/{AcknowledgeTokens.Create(_acknowledgeKey, monitorId, transitionId, expires)}";
    }

    /// <summary>Sentinel's own notice of a checking outage: when it started, or when it ended.</summary>
    public static Notification OutageNotification(CheckingOutage outage, NotificationKind kind) => new()
    {
        Kind = kind,
        MonitorId = Guid.Empty,
        MonitorName = "Sentinel",
        MonitorUrl = null,
        ChangedAt = kind == NotificationKind.NotChecking ? outage.StartedAt : outage.EndedAt ?? DateTime.UtcNow,
        Error = kind == NotificationKind.NotChecking
            ? $"{outage.OverdueMonitors} monitor{(outage.OverdueMonitors == 1 ? " is" : "s are")} due but no check result has been recorded for "
              + $"{Notification.Duration(outage.StartedAt - outage.QuietSince)}: the scheduler, the broker, the checkers or the recorder has stalled"
            : null,
        DownSince = outage.QuietSince,
        IncidentKey = outage.Id,
        OverdueMonitors = kind == NotificationKind.NotChecking ? outage.OverdueMonitors : null,
    };

    /// <summary>Sentinel's own notice of a region outage: when the region was lost, or when a checker of it was heard again.</summary>
    public static Notification RegionNotification(RegionOutage outage, NotificationKind kind) => new()
    {
        Kind = kind,
        MonitorId = Guid.Empty,
        MonitorName = "Sentinel",
        MonitorUrl = null,
        ChangedAt = kind == NotificationKind.RegionLost ? outage.StartedAt : outage.EndedAt ?? DateTime.UtcNow,
        Error = kind == NotificationKind.RegionLost
            ? $"no checker heard from since {Notification.Time(outage.QuietSince)}; its monitors' results from {outage.Region} are unknown, no monitor changes state"
            : null,
        DownSince = outage.QuietSince,
        IncidentKey = outage.Id,
        Region = outage.Region,
    };

    /// <summary>How far back a maintenance notice is found again by its occurrence id, for a delivery resumed after a crash.</summary>
    private static readonly TimeSpan MaintenanceNoticeHorizon = TimeSpan.FromDays(2);

    /// <summary>
    /// The notice for occurrence <paramref name="occurrenceId"/> of a window with notices, found among the occurrences
    /// of the last two days (the id is a hash of window and start, so it is looked for, not looked up).
    /// </summary>
    private static async Task<Notification?> MaintenanceNotificationAsync(
        SentinelDbContext db, Guid occurrenceId, NotificationKind kind, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        var windows = await db.MaintenanceWindows.AsNoTracking().Where(w => w.NotifyChannelIds.Count > 0).ToListAsync(cancellationToken);
        foreach (var window in windows)
        {
            foreach (var occurrence in MaintenanceSchedule.Occurrences(window, now - MaintenanceNoticeHorizon, now))
            {
                if (MaintenanceSchedule.OccurrenceId(window.Id, occurrence.Start) == occurrenceId)
                {
                    return await MaintenanceNotificationAsync(db, window, occurrence, kind, cancellationToken);
                }
            }
        }

        return null;
    }

    /// <summary>A maintenance window's notice that <paramref name="occurrence"/> started or ended.</summary>
    public static async Task<Notification> MaintenanceNotificationAsync(
        SentinelDbContext db, MaintenanceWindow window, MaintenanceSchedule.Occurrence occurrence, NotificationKind kind, CancellationToken cancellationToken)
    {
        var ids = window.MonitorIds;
        var names = window.AllMonitors || ids.Count == 0
            ? []
            : await db.Monitors.AsNoTracking().Where(m => ids.Contains(m.Id)).OrderBy(m => m.Name).Select(m => m.Name).ToListAsync(cancellationToken);
        var covers = window.AllMonitors
            ? "all monitors"
            : string.Join("; ", new[]
            {
                names.Count > 0 ? string.Join(", ", names) : null,
                window.Tags.Count > 0 ? $"monitors tagged {string.Join(", ", window.Tags)}" : null,
            }.Where(part => part is not null));
        return new Notification
        {
            Kind = kind,
            MonitorId = Guid.Empty,
            MonitorName = window.Name,
            MonitorUrl = null,
            ChangedAt = kind == NotificationKind.MaintenanceStarted ? occurrence.Start : occurrence.End,
            IncidentKey = MaintenanceSchedule.OccurrenceId(window.Id, occurrence.Start),
            Maintenance = new MaintenanceFacts(window.Id, occurrence.Start, occurrence.End, covers.Length > 0 ? covers : "no monitor", window.Description),
        };
    }

    /// <summary>The channels that hear about Sentinel itself: the default ones.</summary>
    public async Task<List<AlertChannel>> DefaultChannelsAsync(SentinelDbContext db, CancellationToken cancellationToken) =>
        await db.AlertChannels.AsNoTracking().Where(c => c.IsDefault).ToListAsync(cancellationToken);

    public async Task<AlertChannel?> ChannelAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.AlertChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, cancellationToken);
    }
}
