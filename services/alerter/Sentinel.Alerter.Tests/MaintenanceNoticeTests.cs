using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Alerter.Watch;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;
using Sentinel.Channels;

namespace Sentinel.Alerter.Tests;

/// <summary>What the alerter does about maintenance windows: silence for changes made in them, and their own notices.</summary>
public sealed class MaintenanceNoticeTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private static async Task NoticeAsync(IServiceProvider alerter)
    {
        var notices = alerter.GetServices<IHostedService>().OfType<MaintenanceNotices>().Single();
        await Task.WhenAll(await notices.NoticeAsync(CancellationToken.None));
    }

    private static string Event(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("event").GetString()!;

    // Whole seconds, as PostgreSQL keeps them (to the microsecond): an occurrence's id is made from the stored start.
    private static DateTime Now() => DateTime.UnixEpoch.AddSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());

    private async Task<MaintenanceWindow> WindowAsync(DateTime startsAt, DateTime endsAt, IEnumerable<AlertChannel> notify, MonitorDefinition? covers = null)
    {
        var window = new MaintenanceWindow
        {
            Id = Guid.CreateVersion7(),
            Name = "database upgrade",
            Description = "Postgres 17",
            StartsAt = startsAt,
            EndsAt = endsAt,
            AllMonitors = covers is null,
            MonitorIds = covers is null ? [] : [covers.Id],
            NotifyChannelIds = notify.Select(c => c.Id).ToList(),
            CreatedAt = DateTime.UtcNow.AddHours(-2),
            UpdatedAt = DateTime.UtcNow.AddHours(-2),
        };
        await using var db = _alerter.Database.CreateDbContext();
        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync();
        return window;
    }

    [Fact]
    public async Task A_transition_made_in_maintenance_sends_nothing_and_records_no_delivery()
    {
        var slack = await _alerter.AddChannelAsync("slack", "on-call", isDefault: true);
        var monitor = await _alerter.AddMonitorAsync([slack]);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down) with { InMaintenance = true });
        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up) with { InMaintenance = true });

        Assert.Empty(_alerter.Receiver.At("on-call"));
        await using var db = _alerter.Database.CreateDbContext();
        Assert.Empty(await db.NotificationDeliveries.Where(d => d.MonitorId == monitor.Id).ToListAsync());
    }

    [Fact]
    public async Task A_window_on_now_is_told_to_its_notice_channels_once_with_its_facts()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "ops-hook");
        var slack = await _alerter.AddChannelAsync("slack", "ops-slack");
        var bystander = await _alerter.AddChannelAsync("webhook", "bystander", isDefault: true);
        var monitor = await _alerter.AddMonitorAsync([]);
        var now = Now();
        var window = await WindowAsync(now.AddMinutes(-5), now.AddHours(1), [hook, slack], covers: monitor);

        await NoticeAsync(_alerter.Services);
        await NoticeAsync(_alerter.Services);

        var notice = JsonDocument.Parse(Assert.Single(_alerter.Receiver.At("ops-hook")).Body).RootElement;
        Assert.Equal("maintenance.started", notice.GetProperty("event").GetString());
        Assert.Equal("MAINTENANCE STARTED: database upgrade", notice.GetProperty("title").GetString());
        Assert.Equal(MaintenanceSchedule.OccurrenceId(window.Id, window.StartsAt!.Value), notice.GetProperty("transitionId").GetGuid());
        Assert.Equal("checkout", notice.GetProperty("maintenance").GetProperty("covers").GetString());
        var slackBody = Assert.Single(_alerter.Receiver.At("ops-slack")).Body;
        Assert.Contains("*Covers*\\ncheckout", slackBody);
        Assert.Contains("*Description*\\nPostgres 17", slackBody);
        Assert.Empty(_alerter.Receiver.At(bystander.Name));
    }

    [Fact]
    public async Task Two_alerters_tell_a_start_and_an_end_once_each()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "both");
        var now = Now();
        await WindowAsync(now.AddMinutes(-5), now.AddHours(1), [hook]);
        var ended = await WindowAsync(now.AddMinutes(-50), now.AddMinutes(-1), [hook]);
        await using var other = _alerter.AnotherAlerter();

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(NoticeAsync(_alerter.Services), NoticeAsync(other));
        }

        Assert.Equal(["maintenance.ended", "maintenance.started"], _alerter.Receiver.At("both").Select(Event).Order());
        var end = JsonDocument.Parse(_alerter.Receiver.At("both").Single(r => Event(r) == "maintenance.ended").Body).RootElement;
        Assert.Equal("all monitors", end.GetProperty("maintenance").GetProperty("covers").GetString());
        Assert.Equal(ended.EndsAt!.Value, end.GetProperty("maintenance").GetProperty("end").GetDateTime().ToUniversalTime(), TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task Windows_long_over_or_not_started_or_without_notice_channels_tell_no_one()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "quiet", isDefault: true);
        var now = Now();
        await WindowAsync(now.AddHours(-5), now.AddHours(-3), [hook]);
        await WindowAsync(now.AddHours(1), now.AddHours(2), [hook]);
        await WindowAsync(now.AddMinutes(-5), now.AddHours(1), []);

        await NoticeAsync(_alerter.Services);

        Assert.Empty(_alerter.Receiver.At("quiet"));
    }

    [Fact]
    public async Task A_maintenance_notice_abandoned_by_a_stopped_alerter_is_resumed_by_the_sweep()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "resumed");
        var now = Now();
        var window = await WindowAsync(now.AddMinutes(-5), now.AddHours(1), [hook]);
        var occurrence = MaintenanceSchedule.OccurrenceId(window.Id, window.StartsAt!.Value);
        var store = _alerter.Services.GetRequiredService<DeliveryStore>();
        // Recorded, then the alerter stopped before sending: overdue for the sweep.
        var delivery = Assert.Single(await store.CreateAsync(occurrence, 0, NotificationKind.MaintenanceStarted, null, [hook], CancellationToken.None));
        await using (var db = _alerter.Database.CreateDbContext())
        {
            await db.NotificationDeliveries.Where(d => d.Id == delivery.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.NextAttemptAt, now.AddMinutes(-5)));
        }

        var sweep = _alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));

        Assert.Equal("maintenance.started", Event(Assert.Single(_alerter.Receiver.At("resumed"))));
    }
}
