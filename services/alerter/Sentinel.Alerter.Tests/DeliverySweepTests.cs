using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Tests;

public sealed class DeliverySweepTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private async Task SweepAsync()
    {
        var sweep = _alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));
    }

    private async Task<StatusTransition> WentDownAsync(MonitorDefinition monitor, TimeSpan ago)
    {
        await using var db = _alerter.Database.CreateDbContext();
        var transition = new StatusTransition
        {
            Id = Guid.CreateVersion7(), MonitorId = monitor.Id, CheckId = Guid.NewGuid(), PreviousState = MonitorState.Up,
            State = MonitorState.Down, ChangedAt = DateTime.UtcNow - ago, Error = "connection refused", LatencyMs = 1,
        };
        db.StatusTransitions.Add(transition);
        db.MonitorStatuses.Add(new MonitorStatus { MonitorId = monitor.Id, State = MonitorState.Down, LastCheckedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
        return transition;
    }

    /// <summary>A delivery an alerter claimed for its first attempt and holds until <paramref name="leaseUntil"/>.</summary>
    private async Task<NotificationDelivery> ClaimedDeliveryAsync(AlertChannel channel, MonitorDefinition monitor, StatusTransition transition, DateTime leaseUntil)
    {
        await using var db = _alerter.Database.CreateDbContext();
        var delivery = db.NotificationDeliveries.Add(new NotificationDelivery
        {
            Id = Guid.CreateVersion7(), TransitionId = transition.Id, ChannelId = channel.Id, MonitorId = monitor.Id, Kind = NotificationKind.Down,
            ChannelName = channel.Name, ChannelType = channel.Type, State = DeliveryState.Sending, Attempts = 1,
            CreatedAt = transition.ChangedAt, NextAttemptAt = transition.ChangedAt, LeaseUntil = leaseUntil,
        }).Entity;
        await db.SaveChangesAsync();
        return delivery;
    }

    [Fact]
    public async Task A_monitor_that_stays_down_gets_one_reminder_per_interval()
    {
        var slack = await _alerter.AddChannelAsync("slack", "reminded");
        var monitor = await _alerter.AddMonitorAsync([slack], reminderIntervalMinutes: 1);
        await WentDownAsync(monitor, TimeSpan.FromSeconds(150));

        await SweepAsync();
        await SweepAsync();

        var reminder = Assert.Single(_alerter.Receiver.At("reminded"));
        Assert.Contains("STILL DOWN: checkout", reminder.Body);
        Assert.Contains("Down for", reminder.Body);
        await using var db = _alerter.Database.CreateDbContext();
        var delivery = await db.NotificationDeliveries.SingleAsync(d => d.MonitorId == monitor.Id);
        Assert.Equal((NotificationKind.Reminder, 2, DeliveryState.Sent), (delivery.Kind, delivery.Sequence, delivery.State));
    }

    [Fact]
    public async Task No_reminder_before_the_interval_or_without_one()
    {
        var slack = await _alerter.AddChannelAsync("slack", "quiet");
        await WentDownAsync(await _alerter.AddMonitorAsync([slack], reminderIntervalMinutes: 5), TimeSpan.FromMinutes(2));
        await WentDownAsync(await _alerter.AddMonitorAsync([slack]), TimeSpan.FromHours(3));

        await SweepAsync();

        Assert.Empty(_alerter.Receiver.At("quiet"));
    }

    [Fact]
    public async Task A_delivery_abandoned_by_a_stopped_alerter_is_resumed_once_its_lease_expires()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "resumed");
        var monitor = await _alerter.AddMonitorAsync([hook]);
        // As a crashed alerter leaves it: claimed for an attempt that never finished, its lease now expired.
        var abandoned = await ClaimedDeliveryAsync(hook, monitor, await WentDownAsync(monitor, TimeSpan.FromMinutes(1)), leaseUntil: DateTime.UtcNow.AddSeconds(-1));

        await SweepAsync();
        await SweepAsync();

        var resent = Assert.Single(_alerter.Receiver.At("resumed"));
        Assert.Contains("\"event\":\"monitor.down\"", resent.Body);
        // The key the crashed attempt sent too, if it got through: a receiver honouring it drops this copy.
        Assert.Equal(abandoned.Id.ToString(), resent.Headers["Idempotency-Key"]);
        Assert.Contains($"\"deliveryId\":\"{abandoned.Id}\"", resent.Body);
        await using var check = _alerter.Database.CreateDbContext();
        var delivery = await check.NotificationDeliveries.SingleAsync(d => d.MonitorId == monitor.Id);
        Assert.Equal((DeliveryState.Sent, 2), (delivery.State, delivery.Attempts));
    }

    [Fact]
    public async Task A_delivery_still_under_its_lease_is_left_to_the_alerter_holding_it()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "held");
        var monitor = await _alerter.AddMonitorAsync([hook]);
        await ClaimedDeliveryAsync(hook, monitor, await WentDownAsync(monitor, TimeSpan.FromMinutes(1)), leaseUntil: DateTime.UtcNow.AddMinutes(1));

        await SweepAsync();

        Assert.Empty(_alerter.Receiver.At("held"));
    }
}
