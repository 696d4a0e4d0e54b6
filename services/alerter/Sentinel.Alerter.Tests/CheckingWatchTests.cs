using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Alerter.Watch;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;
using Sentinel.Channels;

namespace Sentinel.Alerter.Tests;

/// <summary>
/// "Sentinel is not checking", told from rows as a stalled pipeline leaves them: monitors whose last result is
/// older than their interval plus the limit (300 s by default), and no newer result anywhere.
/// </summary>
public sealed class CheckingWatchTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private static async Task WatchAsync(IServiceProvider alerter)
    {
        var watch = alerter.GetServices<IHostedService>().OfType<CheckingWatch>().Single();
        await Task.WhenAll(await watch.WatchAsync(CancellationToken.None));
    }

    private Task WatchAsync() => WatchAsync(_alerter.Services);

    /// <summary>A monitor set up an hour ago whose last result was recorded <paramref name="lastResultAgo"/>, or never.</summary>
    private async Task<MonitorDefinition> MonitorAsync(TimeSpan? lastResultAgo, bool enabled = true, bool heartbeat = false)
    {
        var monitor = await _alerter.AddMonitorAsync([]);
        await using var db = _alerter.Database.CreateDbContext();
        await db.Monitors.Where(m => m.Id == monitor.Id).ExecuteUpdateAsync(s => s
            .SetProperty(m => m.UpdatedAt, DateTime.UtcNow.AddHours(-1))
            .SetProperty(m => m.Enabled, enabled)
            .SetProperty(m => m.Check, heartbeat ? new HeartbeatCheck { GraceSeconds = 10 } : monitor.Check));
        if (lastResultAgo is { } ago)
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = monitor.Id, State = MonitorState.Up, LastCheckedAt = DateTime.UtcNow - ago });
            await db.SaveChangesAsync();
        }

        return monitor;
    }

    /// <summary>A result is recorded again, as the recorder does: the monitor's status row moves on.</summary>
    private async Task ResultRecordedAsync(MonitorDefinition monitor)
    {
        await using var db = _alerter.Database.CreateDbContext();
        await db.MonitorStatuses.Where(s => s.MonitorId == monitor.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.LastCheckedAt, DateTime.UtcNow));
    }

    private static string Event(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("event").GetString()!;

    [Fact]
    public async Task A_fresh_install_and_monitors_recorded_recently_or_not_due_send_nothing()
    {
        await _alerter.AddChannelAsync("webhook", "quiet", isDefault: true);

        await WatchAsync();
        await MonitorAsync(lastResultAgo: TimeSpan.FromSeconds(10));
        await MonitorAsync(lastResultAgo: TimeSpan.FromHours(1), enabled: false);
        await MonitorAsync(lastResultAgo: TimeSpan.FromHours(1), heartbeat: true);
        await WatchAsync();

        Assert.Empty(_alerter.Receiver.At("quiet"));
        await using var db = _alerter.Database.CreateDbContext();
        Assert.Empty(await db.CheckingOutages.ToListAsync());
    }

    [Fact]
    public async Task Monitors_due_with_nothing_recorded_bring_one_not_checking_notice_and_one_when_results_return()
    {
        await _alerter.AddChannelAsync("webhook", "ops-hook", isDefault: true);
        await _alerter.AddChannelAsync("slack", "ops-slack", isDefault: true);
        var monitorsOwn = await _alerter.AddChannelAsync("slack", "not-default");
        var stalled = await MonitorAsync(lastResultAgo: TimeSpan.FromMinutes(10));
        await MonitorAsync(lastResultAgo: TimeSpan.FromMinutes(10));
        await MonitorAsync(lastResultAgo: null);

        await WatchAsync();
        await WatchAsync();

        var notice = Assert.Single(_alerter.Receiver.At("ops-hook"));
        Assert.Equal("sentinel.not_checking", Event(notice));
        var body = JsonDocument.Parse(notice.Body).RootElement;
        Assert.Equal(3, body.GetProperty("overdueMonitors").GetInt32());
        Assert.False(body.TryGetProperty("monitor", out _));
        Assert.Contains("3 monitors are due but no check result has been recorded for 10m ", body.GetProperty("error").GetString());
        var slack = Assert.Single(_alerter.Receiver.At("ops-slack")).Body;
        Assert.Contains("\"text\":\"Sentinel is not checking\"", slack);
        Assert.Contains("*Nothing recorded for*\\n10m ", slack);
        Assert.Contains("*Overdue monitors*\\n3", slack);
        Assert.Empty(_alerter.Receiver.At(monitorsOwn.Name));

        await ResultRecordedAsync(stalled);
        await WatchAsync();
        await WatchAsync();

        Assert.Equal(["sentinel.not_checking", "sentinel.checking_again"], _alerter.Receiver.At("ops-hook").Select(Event));
        Assert.Contains("\"text\":\"Sentinel is checking again\"", _alerter.Receiver.At("ops-slack")[1].Body);
        Assert.Contains("*Was not checking for*\\n10m ", _alerter.Receiver.At("ops-slack")[1].Body);
        await using var db = _alerter.Database.CreateDbContext();
        var deliveries = await db.NotificationDeliveries.AsNoTracking().OrderBy(d => d.Id).ToListAsync();
        Assert.Equal(
            [(NotificationKind.NotChecking, DeliveryState.Sent), (NotificationKind.NotChecking, DeliveryState.Sent),
             (NotificationKind.CheckingAgain, DeliveryState.Sent), (NotificationKind.CheckingAgain, DeliveryState.Sent)],
            deliveries.Select(d => (d.Kind, d.State)).OrderBy(k => k.Kind));
        Assert.All(deliveries, d => Assert.Null(d.MonitorId));
        Assert.NotNull((await db.CheckingOutages.SingleAsync()).EndedAt);
    }

    [Fact]
    public async Task Two_alerters_watching_the_same_outage_send_one_notice_and_one_recovery()
    {
        await _alerter.AddChannelAsync("webhook", "both", isDefault: true);
        var stalled = await MonitorAsync(lastResultAgo: TimeSpan.FromMinutes(10));
        await using var other = _alerter.AnotherAlerter();

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(WatchAsync(), WatchAsync(other));
        }

        await ResultRecordedAsync(stalled);
        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(WatchAsync(), WatchAsync(other));
        }

        Assert.Equal(["sentinel.not_checking", "sentinel.checking_again"], _alerter.Receiver.At("both").Select(Event));
    }

    [Fact]
    public async Task A_not_checking_notice_abandoned_by_a_stopped_alerter_is_resumed_by_the_sweep()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "resumed", isDefault: true);
        await using (var db = _alerter.Database.CreateDbContext())
        {
            var outage = new CheckingOutage
            {
                Id = Guid.CreateVersion7(), QuietSince = DateTime.UtcNow.AddMinutes(-7), StartedAt = DateTime.UtcNow.AddMinutes(-1), OverdueMonitors = 4,
            };
            db.CheckingOutages.Add(outage);
            var delivery = DeliveryStore.Pending(outage.Id, NotificationKind.NotChecking, hook, outage.StartedAt);
            // As a crashed alerter leaves it: claimed for an attempt that never finished, its lease now expired.
            (delivery.State, delivery.Attempts, delivery.LeaseUntil) = (DeliveryState.Sending, 1, DateTime.UtcNow.AddSeconds(-1));
            db.NotificationDeliveries.Add(delivery);
            await db.SaveChangesAsync();
        }

        var sweep = _alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));

        var notice = Assert.Single(_alerter.Receiver.At("resumed"));
        Assert.Equal("sentinel.not_checking", Event(notice));
        Assert.Contains("4 monitors are due but no check result has been recorded for 6m 0s", notice.Body);
    }
}
