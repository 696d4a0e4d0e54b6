using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.Alerter.Noise;
using Sentinel.Data;
using Sentinel.Contracts;
using Sentinel.Channels;

namespace Sentinel.Alerter.Deliveries;

/// <summary>
/// Periodically sends reminders and escalation steps for monitors that stay down unacknowledged (only down: a degraded
/// monitor still works, and neither reminds nor escalates, nor is an acknowledgement asked of it), tells flapping
/// monitors that settled, releases or withholds held notices, and resumes deliveries an alerter abandoned by stopping
/// mid-way (its lease expired or its retry is overdue), so a crash loses no alert.
/// </summary>
public sealed class DeliverySweep(
    NpgsqlDataSource dataSource, NotificationPlanner planner, DeliveryStore store, DeliveryRunner runner,
    FlappingNotices flapping, HeldNotices held, IOptions<AlerterOptions> options, ILogger<DeliverySweep> logger)
    : PeriodicDeliveries(TimeSpan.FromSeconds(options.Value.SweepIntervalSeconds), logger)
{
    /// <summary>
    /// The outages people were told of and that still last, as SQL (<c>FROM … WHERE …</c>; <c>m</c> the monitor, <c>t</c>
    /// its DOWN transition, <c>f.settled_at</c> when a flapping time settled down after it): the latest announced
    /// transition of each enabled monitor down now is that DOWN. One made in a maintenance window was announced to no
    /// one; nor was one whose DOWN notice is held or was withheld, nor one of a monitor flapping now. A DOWN told by the
    /// settled notice of a flapping time counts from then: <c>greatest(t.changed_at, f.settled_at)</c>.
    /// </summary>
    public static readonly string ToldOutages = $"""
        FROM monitors m
        JOIN monitor_status s ON s.monitor_id = m.id AND s.state = {(int)MonitorState.Down}
        JOIN LATERAL (SELECT id, state, changed_at FROM status_transitions
                      WHERE monitor_id = m.id AND NOT maintenance ORDER BY changed_at DESC LIMIT 1) t ON t.state = {(int)MonitorState.Down}
        LEFT JOIN LATERAL (SELECT max(ended_at) AS settled_at FROM flapping_periods
                           WHERE monitor_id = m.id AND ended_at >= t.changed_at) f ON true
        WHERE m.enabled
          AND NOT EXISTS (SELECT 1 FROM flapping_periods o WHERE o.monitor_id = m.id AND o.ended_at IS NULL)
          AND NOT EXISTS (SELECT 1 FROM notification_deliveries h WHERE h.transition_id = t.id
                          AND h.state IN ({(int)DeliveryState.Held}, {(int)DeliveryState.Withheld}))
        """;

    // Reminders and escalation stop once someone acknowledged the outage: it has been seen.
    private static readonly string DownUnacknowledged = $"""
        {ToldOutages}
          AND NOT EXISTS (SELECT 1 FROM acknowledgements a WHERE a.transition_id = t.id)
        """;

    private static readonly string DueRemindersSql = $"""
        SELECT m.id, m.reminder_interval_minutes, t.id, greatest(t.changed_at, f.settled_at)
        {DownUnacknowledged}
          AND m.reminder_interval_minutes IS NOT NULL
          AND greatest(t.changed_at, f.settled_at) <= now() - make_interval(mins => m.reminder_interval_minutes)
        """;

    // Those that may have a policy (which one is EscalationPolicy.For's to say) and are past its first step's delay.
    private static readonly string EscalatingSql = $"""
        SELECT m.id, t.id, greatest(t.changed_at, f.settled_at)
        {DownUnacknowledged}
          AND EXISTS (SELECT 1 FROM escalation_policies p
                      WHERE (p.id = m.escalation_policy_id OR (m.escalation_policy_id IS NULL AND p.tags && m.tags))
                        AND greatest(t.changed_at, f.settled_at) <= now() - make_interval(mins => (p.steps -> 0 ->> 'DelayMinutes')::int))
        """;

    protected override string What => "Delivery sweep";

    protected override Task<List<Task>> LookAsync(CancellationToken cancellationToken) => SweepAsync(cancellationToken);

    /// <summary>
    /// One sweep: starts the due reminders and the abandoned deliveries, and returns their running deliveries
    /// without waiting for them, so a channel in its retries does not hold up the next sweep.
    /// </summary>
    public async Task<List<Task>> SweepAsync(CancellationToken cancellationToken)
    {
        var started = await SendDueRemindersAsync(cancellationToken);
        started.AddRange(await flapping.SettleAsync(cancellationToken));
        started.AddRange(await held.ReleaseAsync(cancellationToken));
        started.AddRange(await SendDueEscalationsAsync(cancellationToken));
        var grace = TimeSpan.FromSeconds(Math.Max(30, 2 * options.Value.SweepIntervalSeconds));
        started.AddRange(Start(await store.FindAbandonedAsync(grace, cancellationToken), cancellationToken));
        return started;
    }

    private async Task<List<Task>> SendDueRemindersAsync(CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        var due = new List<(Guid Monitor, int Interval, Guid Transition, DateTime DownSince)>();
        await using (var command = dataSource.CreateCommand(DueRemindersSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetInt32(1), reader.GetGuid(2), reader.GetDateTime(3)));
            }
        }

        foreach (var (monitorId, interval, transitionId, downSince) in due)
        {
            // The n-th reminder is due n intervals after the monitor went down; missed ones are not replayed.
            var sequence = (int)((DateTime.UtcNow - downSince).TotalMinutes / interval);
            var monitor = await planner.MonitorAsync(monitorId, cancellationToken);
            if (monitor is null)
            {
                continue;
            }

            var deliveries = await store.CreateAsync(transitionId, sequence, NotificationKind.Reminder, monitorId, await planner.ChannelsForAsync(monitor, cancellationToken), cancellationToken);
            started.AddRange(Start(deliveries, cancellationToken));
        }

        return started;
    }

    /// <summary>
    /// Records every step whose delay has passed, each keyed (transition, channel, step), so a step recorded by an
    /// earlier sweep, another alerter or the DOWN notice itself is sent once; the runner's claim sends it once.
    /// </summary>
    private async Task<List<Task>> SendDueEscalationsAsync(CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        var due = new List<(Guid Monitor, Guid Transition, DateTime DownSince)>();
        await using (var command = dataSource.CreateCommand(EscalatingSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                due.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetDateTime(2)));
            }
        }

        foreach (var (monitorId, transitionId, downSince) in due)
        {
            if (await planner.MonitorAsync(monitorId, cancellationToken) is not { } monitor
                || await planner.PolicyForAsync(monitor, cancellationToken) is not { } policy)
            {
                continue;
            }

            var downFor = DateTime.UtcNow - downSince;
            var downChannels = await planner.ChannelsForAsync(monitor, cancellationToken);
            for (var step = 0; step < policy.Steps.Count && TimeSpan.FromMinutes(policy.Steps[step].DelayMinutes) <= downFor; step++)
            {
                var channels = await planner.StepChannelsAsync(policy, step, downChannels, cancellationToken);
                var deliveries = await store.CreateAsync(transitionId, step, NotificationKind.Escalation, monitorId, channels, cancellationToken);
                started.AddRange(Start(deliveries, cancellationToken));
            }
        }

        return started;
    }

    private List<Task> Start(IEnumerable<NotificationDelivery> deliveries, CancellationToken cancellationToken)
    {
        var started = new List<Task>();
        foreach (var delivery in deliveries)
        {
            started.Add(Task.Run(async () =>
            {
                var notification = await planner.NotificationAsync(delivery.TransitionId, delivery.Kind, cancellationToken, delivery.Sequence);
                if (notification is null)
                {
                    await store.MarkFailedAsync(delivery.Id, "the monitor or its transition no longer exists", cancellationToken);
                    return;
                }

                await runner.RunAsync(delivery, notification, cancellationToken);
            }, cancellationToken));
        }

        return started;
    }
}
