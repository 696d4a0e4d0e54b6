using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Tests;

public sealed class MaintenanceRecordingTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    // Whole minutes back, so every result below falls in one UTC hour's rollup or another, never a window's edge.
    private readonly DateTime _t0 = DateTime.UtcNow.AddHours(-3);

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private CheckCompleted Result(Guid monitorId, CheckStatus status, int minute) => new()
    {
        CheckId = Guid.NewGuid(),
        MonitorId = monitorId,
        ScheduledAt = _t0.AddMinutes(minute),
        CheckedAt = _t0.AddMinutes(minute).AddMilliseconds(30),
        Status = status,
        LatencyMs = 12.5,
        Error = status == CheckStatus.Up ? null : "connection refused",
    };

    /// <summary>A one-off window over minutes [10, 20) after <see cref="_t0"/>.</summary>
    private async Task AddWindowAsync(Action<MaintenanceWindow> cover)
    {
        await using var db = _recorder.Database.CreateDbContext();
        var window = new MaintenanceWindow
        {
            Id = Guid.CreateVersion7(),
            Name = "database upgrade",
            StartsAt = _t0.AddMinutes(10),
            EndsAt = _t0.AddMinutes(20),
            CreatedAt = DateTime.UtcNow,
            UpdatedAt = DateTime.UtcNow,
        };
        cover(window);
        db.MaintenanceWindows.Add(window);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task Results_due_in_a_window_are_stored_marked_and_left_out_of_the_rollups()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await AddWindowAsync(w => w.MonitorIds = [monitor]);

        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 5), Result(monitor, CheckStatus.Down, 12), Result(monitor, CheckStatus.Down, 15));

        await using var db = _recorder.Database.CreateDbContext();
        var marked = await db.RecordedChecks.Where(r => r.MonitorId == monitor).OrderBy(r => r.ScheduledAt).Select(r => r.Maintenance).ToListAsync();
        Assert.Equal([false, true, true], marked);
        Assert.Equal(1, await db.CheckRollups.Where(r => r.MonitorId == monitor).SumAsync(r => r.Checks));
    }

    [Fact]
    public async Task A_transition_in_a_window_is_published_in_maintenance_and_stored_so()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await AddWindowAsync(w => w.AllMonitors = true);

        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 5));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, 12));

        var down = _recorder.Published(monitor).Single(c => c.State == MonitorState.Down);
        Assert.True(down.InMaintenance);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.True((await db.StatusTransitions.SingleAsync(t => t.Id == down.TransitionId)).Maintenance);
    }

    [Fact]
    public async Task A_monitor_still_down_when_the_window_ends_announces_down_once()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await AddWindowAsync(w => w.MonitorIds = [monitor]);

        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 5));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, 12));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, 21));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, 22));

        var announced = _recorder.Published(monitor).Where(c => !c.InMaintenance).Select(c => (c.PreviousState, c.State)).ToArray();
        Assert.Equal([(MonitorState.Pending, MonitorState.Up), (MonitorState.Up, MonitorState.Down)], announced);
    }

    [Fact]
    public async Task A_monitor_back_up_before_the_window_ends_announces_nothing()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await AddWindowAsync(w => w.MonitorIds = [monitor]);

        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 5));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Down, 12));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 15));
        await _recorder.RecordAsync(Result(monitor, CheckStatus.Up, 21));

        var changes = _recorder.Published(monitor);
        Assert.Equal(3, changes.Count);
        Assert.Equal([false, true, true], changes.Select(c => c.InMaintenance).ToArray());
    }

    [Fact]
    public async Task A_window_covering_a_tag_marks_only_monitors_with_that_tag()
    {
        var tagged = await _recorder.AddMonitorAsync();
        var other = await _recorder.AddMonitorAsync();
        await using (var db = _recorder.Database.CreateDbContext())
        {
            await db.Monitors.Where(m => m.Id == tagged).ExecuteUpdateAsync(s => s.SetProperty(m => m.Tags, new List<string> { "db" }));
        }

        await AddWindowAsync(w => w.Tags = ["db"]);

        await _recorder.RecordAsync(Result(tagged, CheckStatus.Down, 12), Result(other, CheckStatus.Down, 12));

        await using var read = _recorder.Database.CreateDbContext();
        Assert.True(await read.RecordedChecks.Where(r => r.MonitorId == tagged).Select(r => r.Maintenance).SingleAsync());
        Assert.False(await read.RecordedChecks.Where(r => r.MonitorId == other).Select(r => r.Maintenance).SingleAsync());
    }
}
