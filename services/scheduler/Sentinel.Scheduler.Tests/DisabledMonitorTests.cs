using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Tests;

/// <summary>
/// A monitor disabled while due: the claim meets it once, sends nothing for it and parks it, so later claims do not
/// read it again (the due index holds disabled monitors too).
/// </summary>
public sealed class DisabledMonitorTests : IAsyncLifetime
{
    private SchedulerHarness _scheduler = null!;

    public async Task InitializeAsync() => _scheduler = await SchedulerHarness.StartAsync();

    public async Task DisposeAsync() => await _scheduler.DisposeAsync();

    [Fact]
    public async Task A_disabled_monitor_gets_no_check_and_no_later_claim_meets_it_again()
    {
        var disabled = await _scheduler.AddDueMonitorAsync([RegionNames.Default]);
        var enabled = await _scheduler.AddDueMonitorAsync([RegionNames.Default]);
        await using (var db = _scheduler.Database.CreateDbContext())
        {
            await db.Monitors.Where(m => m.Id == disabled.Id).ExecuteUpdateAsync(u => u.SetProperty(m => m.Enabled, false));
        }

        Assert.Equal(2, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));
        var checks = _scheduler.Harness!.Sent.Select<RunChecks>(new CancellationToken(canceled: true))
            .SelectMany(m => m.Context.Message.Checks).ToList();
        Assert.Equal(enabled.Id, Assert.Single(checks).MonitorId);

        // Due again at once, were it still on its grid: parked, it is not claimed.
        await using (var db = _scheduler.Database.CreateDbContext())
        {
            await db.MonitorSchedules.Where(s => s.MonitorId == enabled.Id)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAt, DateTime.UtcNow.AddSeconds(-1)));
        }

        Assert.Equal(1, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));
        Assert.DoesNotContain(_scheduler.Harness.Sent.Select<RunChecks>(new CancellationToken(canceled: true))
            .SelectMany(m => m.Context.Message.Checks), c => c.MonitorId == disabled.Id);
    }
}
