using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Tests;

/// <summary>Flapping and dependencies through the alerter's consumer and sweep, on a real database and receiver.</summary>
public sealed class NoiseNoticeTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private async Task SweepAsync()
    {
        var sweep = _alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));
    }

    private async Task<MonitorDefinition> MonitorAsync(AlertChannel channel, string name, Action<MonitorDefinition>? change = null)
    {
        var monitor = await _alerter.AddMonitorAsync([channel]);
        await using var db = _alerter.Database.CreateDbContext();
        db.Attach(monitor);
        monitor.Name = name;
        change?.Invoke(monitor);
        await db.SaveChangesAsync();
        return monitor;
    }

    /// <summary>Stores the transition and the status the recorder would leave, publishes it, and waits for the alerter.</summary>
    private async Task<MonitorStatusChanged> ChangeAsync(MonitorDefinition monitor, MonitorState from, MonitorState to)
    {
        var change = await _alerter.TransitionAsync(monitor, from, to);
        await CheckedAsync(monitor, to, change.ChangedAt);
        await _alerter.NotifyAsync(change);
        return change;
    }

    /// <summary>The monitor's status row as the recorder writes it after a check at <paramref name="at"/>.</summary>
    private async Task CheckedAsync(MonitorDefinition monitor, MonitorState state, DateTime at)
    {
        await using var db = _alerter.Database.CreateDbContext();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO monitor_status (monitor_id, state, announced_state, consecutive_failures, consecutive_successes, last_scheduled_at, last_check_id, last_checked_at)
            VALUES ({monitor.Id}, {(int)state}, {(int)state}, 0, 0, {at}, {Guid.NewGuid()}, {at})
            ON CONFLICT (monitor_id) DO UPDATE SET state = excluded.state, last_checked_at = excluded.last_checked_at
            """);
    }

    private async Task<List<NotificationDelivery>> DeliveriesAsync(Guid monitorId)
    {
        await using var db = _alerter.Database.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().Where(d => d.MonitorId == monitorId).OrderBy(d => d.Id).ToListAsync();
    }

    private List<string> Titles() => _alerter.Receiver.At("ops").Select(r => System.Text.Json.JsonDocument.Parse(r.Body).RootElement.GetProperty("title").GetString()!).ToList();

    [Fact]
    public async Task A_monitor_flipping_on_every_change_is_told_once_it_flaps_and_once_it_settles()
    {
        var ops = await _alerter.AddChannelAsync("webhook", "ops");
        var monitor = await MonitorAsync(ops, "checkout", m => (m.FlappingChanges, m.FlappingMinutes) = (3, 10));
        var changes = new List<MonitorStatusChanged>();
        var state = MonitorState.Up;
        for (var i = 0; i < 8; i++)
        {
            var next = state == MonitorState.Up ? MonitorState.Down : MonitorState.Up;
            changes.Add(await ChangeAsync(monitor, state, next));
            state = next;
        }

        await _alerter.NotifyAsync(changes[3] with { });
        await SweepAsync();
        Assert.Equal(["DOWN: checkout", "UP: checkout", "DOWN: checkout", "FLAPPING: checkout"], Titles());

        // Ten minutes without a change, without waiting for them.
        await using (var db = _alerter.Database.CreateDbContext())
        {
            await db.StatusTransitions.Where(t => t.MonitorId == monitor.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ChangedAt, t => t.ChangedAt.AddMinutes(-10)));
            await db.FlappingPeriods.ExecuteUpdateAsync(s => s.SetProperty(p => p.StartedAt, p => p.StartedAt.AddMinutes(-10)));
        }

        await SweepAsync();
        await SweepAsync();

        Assert.Equal(["DOWN: checkout", "UP: checkout", "DOWN: checkout", "FLAPPING: checkout", "SETTLED UP: checkout"], Titles());
        await using (var db = _alerter.Database.CreateDbContext())
        {
            var period = await db.FlappingPeriods.SingleAsync();
            Assert.Equal(MonitorState.Up, period.SettledState);
        }

        Assert.All(await DeliveriesAsync(monitor.Id), d => Assert.Equal(DeliveryState.Sent, d.State));
    }

    [Fact]
    public async Task A_child_down_behind_a_down_parent_is_held_and_sent_once_when_still_down_after_the_parent_recovered()
    {
        var ops = await _alerter.AddChannelAsync("webhook", "ops");
        var parent = await MonitorAsync(ops, "database");
        var child = await MonitorAsync(ops, "shop", m => m.DependsOn = [parent.Id]);

        await ChangeAsync(parent, MonitorState.Up, MonitorState.Down);
        var childDown = await ChangeAsync(child, MonitorState.Up, MonitorState.Down);
        await SweepAsync();

        var held = Assert.Single(await DeliveriesAsync(child.Id));
        Assert.Equal((DeliveryState.Held, "held: parent database down"), (held.State, held.Reason));
        Assert.Equal(["DOWN: database"], Titles());

        var parentUp = await ChangeAsync(parent, MonitorState.Down, MonitorState.Up);
        await SweepAsync();
        Assert.Equal(DeliveryState.Held, Assert.Single(await DeliveriesAsync(child.Id)).State);

        // The child's next check, after the parent's recovery, still fails.
        await CheckedAsync(child, MonitorState.Down, parentUp.ChangedAt.AddSeconds(5));
        await SweepAsync();
        await SweepAsync();
        await _alerter.NotifyAsync(childDown with { });

        Assert.Equal(["DOWN: database", "UP: database", "DOWN: shop"], Titles());
        Assert.Equal(DeliveryState.Sent, Assert.Single(await DeliveriesAsync(child.Id)).State);
    }

    [Fact]
    public async Task A_child_that_recovers_while_its_parent_is_down_is_never_announced()
    {
        var ops = await _alerter.AddChannelAsync("webhook", "ops");
        var parent = await MonitorAsync(ops, "database");
        var child = await MonitorAsync(ops, "shop", m => m.DependsOn = [parent.Id]);

        await ChangeAsync(parent, MonitorState.Up, MonitorState.Down);
        await ChangeAsync(child, MonitorState.Up, MonitorState.Down);
        await ChangeAsync(child, MonitorState.Down, MonitorState.Up);
        await SweepAsync();
        await ChangeAsync(parent, MonitorState.Down, MonitorState.Up);
        await SweepAsync();

        Assert.Equal(["DOWN: database", "UP: database"], Titles());
        var notices = await DeliveriesAsync(child.Id);
        Assert.Equal(
            [(NotificationKind.Down, DeliveryState.Withheld, "not sent: recovered while parent database was down"),
             (NotificationKind.Up, DeliveryState.Withheld, "not sent: nobody was told it was down")],
            notices.Select(d => (d.Kind, d.State, d.Reason)));
    }
}
