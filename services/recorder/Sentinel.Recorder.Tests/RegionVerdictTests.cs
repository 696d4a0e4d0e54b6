using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Recorder.Tests;

/// <summary>Monitors checked from three regions (default, eu, us) with a quorum of two: one verdict per due time.</summary>
public sealed class RegionVerdictTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    // Half an hour back: every due time's deadline (the check's 5 s plus the 10 s margin) has passed, so the sweep
    // decides any slot left open, when a test runs it.
    // Whole milliseconds, as the scheduler's due times are.
    private readonly DateTime _t0 = RecorderHarness.WholeMilliseconds(DateTime.UtcNow.AddMinutes(-30));

    public async Task InitializeAsync()
    {
        await _recorder.InitializeAsync();
        await _recorder.DeclareRegionsAsync("eu", "us");
    }

    public Task DisposeAsync() => _recorder.DisposeAsync();

    private CheckCompleted Result(Guid monitorId, int slot, string region, CheckStatus status, string? error = null, double latencyMs = 20) => Result(
        monitorId, _t0.AddMinutes(slot), region, status, error, latencyMs);

    private static CheckCompleted Result(Guid monitorId, DateTime due, string region, CheckStatus status, string? error = null, double latencyMs = 20) => new()
    {
        CheckId = SlotCheckId.For(monitorId, due, region),
        MonitorId = monitorId,
        ScheduledAt = due,
        CheckedAt = due.AddMilliseconds(3),
        Status = status,
        LatencyMs = latencyMs,
        StatusCode = status == CheckStatus.Up ? 200 : null,
        Error = status == CheckStatus.Up ? null : error ?? "connection refused",
        Region = region,
        RegionCount = 3,
        Quorum = 2,
        LongestMs = 5000,
    };

    private CheckCompleted[] AllUp(Guid monitorId, int slot) =>
        [Result(monitorId, slot, "default", CheckStatus.Up), Result(monitorId, slot, "eu", CheckStatus.Up), Result(monitorId, slot, "us", CheckStatus.Up)];

    private MonitorState[] States(Guid monitorId) => _recorder.Published(monitorId).Select(c => c.State).ToArray();

    [Fact]
    public async Task Three_regions_all_up_make_one_up_verdict_when_the_third_result_arrives_and_not_before()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var results = AllUp(monitor, 1);

        await _recorder.RecordAsync(results[0], results[1]);
        Assert.Empty(_recorder.Published(monitor));

        await _recorder.RecordAsync(results[2]);

        var change = Assert.Single(_recorder.Published(monitor));
        Assert.Equal((MonitorState.Pending, MonitorState.Up), (change.PreviousState, change.State));
        Assert.Equal(SlotCheckId.ForVerdict(monitor, _t0.AddMinutes(1)), change.CheckId);
        Assert.Equal(["default", "eu", "us"], change.Regions.Select(r => r.Region));
        Assert.All(change.Regions, r => Assert.Equal(CheckStatus.Up, r.Status));
    }

    [Fact]
    public async Task One_region_of_three_failing_with_a_quorum_of_two_makes_the_monitor_degraded_and_never_down()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));

        await _recorder.RecordAsync(
            Result(monitor, 2, "default", CheckStatus.Up), Result(monitor, 2, "eu", CheckStatus.Down), Result(monitor, 2, "us", CheckStatus.Up));
        await _recorder.RecordAsync(
            Result(monitor, 3, "default", CheckStatus.Up), Result(monitor, 3, "eu", CheckStatus.Down), Result(monitor, 3, "us", CheckStatus.Up));

        Assert.Equal([MonitorState.Up, MonitorState.Degraded], States(monitor));
        var degraded = _recorder.Published(monitor)[1];
        Assert.Equal("eu: connection refused", degraded.Error);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(MonitorState.Degraded, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).State);
    }

    [Fact]
    public async Task Two_regions_failing_make_the_monitor_down_with_one_transition_naming_both()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));

        await _recorder.RecordAsync(
            Result(monitor, 2, "us", CheckStatus.Down, "[STATUS] (503) == 200"),
            Result(monitor, 2, "default", CheckStatus.Up),
            Result(monitor, 2, "eu", CheckStatus.Down, "connection refused"));

        Assert.Equal([MonitorState.Up, MonitorState.Down], States(monitor));
        var down = _recorder.Published(monitor)[1];
        Assert.Equal("eu: connection refused; us: [STATUS] (503) == 200", down.Error);
        Assert.Equal(
            [("default", (CheckStatus?)CheckStatus.Up), ("eu", CheckStatus.Down), ("us", CheckStatus.Down)],
            down.Regions.Select(r => (r.Region, r.Status)));
        await using var db = _recorder.Database.CreateDbContext();
        var stored = await db.StatusTransitions.SingleAsync(t => t.MonitorId == monitor && t.State == MonitorState.Down);
        Assert.Equal(down.TransitionId, stored.Id);
        Assert.Equal(3, stored.Regions.Count);
    }

    [Fact]
    public async Task A_region_that_never_answers_is_unknown_when_the_sweep_decides_the_due_time_at_its_deadline()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));
        await _recorder.RecordAsync(Result(monitor, 2, "default", CheckStatus.Up), Result(monitor, 2, "eu", CheckStatus.Down));
        // A due time of just now is still within its deadline: the sweep must leave it open.
        var now = DateTime.UtcNow;
        await _recorder.RecordAsync(Result(monitor, now, "default", CheckStatus.Down), Result(monitor, now, "eu", CheckStatus.Down));
        Assert.Single(_recorder.Published(monitor));

        var sweep = await _recorder.Sweep.SweepAsync(CancellationToken.None);

        Assert.Equal(1, sweep.Decided);
        Assert.Equal([MonitorState.Up, MonitorState.Degraded], States(monitor));
        var degraded = _recorder.Published(monitor)[1];
        Assert.Equal(["default", "eu"], degraded.Regions.Select(r => r.Region));
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Null((await db.CheckSlots.SingleAsync(s => s.MonitorId == monitor && s.ScheduledAt > _t0.AddMinutes(5))).DecidedAt);
        Assert.Equal(MonitorState.Degraded, (await db.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).State);
    }

    [Fact]
    public async Task A_due_time_no_region_answered_in_time_for_is_decided_without_moving_the_monitor()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));
        await using (var db = _recorder.Database.CreateDbContext())
        {
            db.CheckSlots.Add(new CheckSlot
            {
                MonitorId = monitor, ScheduledAt = _t0.AddMinutes(2), RegionCount = 3, Quorum = 2, FailureThreshold = 1, SuccessThreshold = 1,
                DecideBy = _t0.AddMinutes(2).AddSeconds(15), LastCheckedAt = _t0.AddMinutes(2),
            });
            await db.SaveChangesAsync();
        }

        var sweep = await _recorder.Sweep.SweepAsync(CancellationToken.None);

        Assert.Equal(1, sweep.Decided);
        Assert.Empty(sweep.Changes);
        await using var after = _recorder.Database.CreateDbContext();
        Assert.NotNull((await after.CheckSlots.SingleAsync(s => s.MonitorId == monitor && s.ScheduledAt == _t0.AddMinutes(2))).DecidedAt);
        Assert.Equal(1, (await after.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor)).ConsecutiveSuccesses);
    }

    [Fact]
    public async Task A_region_answering_twice_counts_once()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));
        var eu = Result(monitor, 2, "eu", CheckStatus.Down);

        // The same region's check under another id (sent twice): were it counted twice, two failures would meet the quorum.
        await _recorder.RecordAsync(eu, eu with { CheckId = Guid.NewGuid() }, Result(monitor, 2, "default", CheckStatus.Up));
        Assert.Single(_recorder.Published(monitor));
        await _recorder.RecordAsync(eu with { CheckId = Guid.NewGuid() });
        Assert.Single(_recorder.Published(monitor));

        await _recorder.RecordAsync(Result(monitor, 2, "us", CheckStatus.Up));

        Assert.Equal([MonitorState.Up, MonitorState.Degraded], States(monitor));
        Assert.Equal(3, _recorder.Published(monitor)[1].Regions.Count);
    }

    [Fact]
    public async Task A_result_arriving_after_its_due_time_was_decided_goes_to_history_and_changes_nothing()
    {
        var monitor = await _recorder.AddMonitorAsync();
        await _recorder.RecordAsync(AllUp(monitor, 1));
        await _recorder.RecordAsync(Result(monitor, 2, "default", CheckStatus.Up), Result(monitor, 2, "eu", CheckStatus.Up));
        await _recorder.Sweep.SweepAsync(CancellationToken.None);
        var late = Result(monitor, 2, "us", CheckStatus.Down);
        DateTime? decidedAt;
        await using (var db = _recorder.Database.CreateDbContext())
        {
            decidedAt = (await db.CheckSlots.SingleAsync(s => s.MonitorId == monitor && s.ScheduledAt == late.ScheduledAt)).DecidedAt;
        }

        await _recorder.RecordAsync(late, Result(monitor, 2, "us", CheckStatus.Down) with { CheckId = Guid.NewGuid() });

        Assert.Equal([MonitorState.Up], States(monitor));
        var stored = (await _recorder.StoredAsync(monitor)).Single(r => r.CheckId == late.CheckId);
        Assert.Equal(("us", CheckStatus.Down), (stored.Region, stored.Status));
        await using var after = _recorder.Database.CreateDbContext();
        Assert.Equal(decidedAt, (await after.CheckSlots.SingleAsync(s => s.MonitorId == monitor && s.ScheduledAt == late.ScheduledAt)).DecidedAt);
        var status = await after.MonitorStatuses.SingleAsync(s => s.MonitorId == monitor);
        Assert.Equal((MonitorState.Up, 2), (status.State, status.ConsecutiveSuccesses));
    }

    [Fact]
    public async Task A_redelivered_result_of_a_due_time_publishes_its_transition_again_with_the_same_id()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var results = AllUp(monitor, 1);
        await _recorder.RecordAsync(results);

        // As if the recorder had crashed after committing and before publishing: the broker delivers one of them again.
        await _recorder.RecordAsync(results[0] with { });

        var published = _recorder.Published(monitor);
        Assert.Equal(2, published.Count);
        Assert.Equal(published[0].TransitionId, published[1].TransitionId);
        Assert.Equal(published[0].Regions, published[1].Regions);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(1, await db.StatusTransitions.CountAsync(t => t.MonitorId == monitor));
    }

    [Fact]
    public async Task Two_sweeps_at_once_decide_each_due_time_once()
    {
        var monitors = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            var monitor = await _recorder.AddMonitorAsync();
            monitors.Add(monitor);
            await _recorder.RecordAsync(Result(monitor, 1, "default", CheckStatus.Up), Result(monitor, 1, "eu", CheckStatus.Up));
        }

        var sweeps = await Task.WhenAll(
            _recorder.Sweep.SweepAsync(CancellationToken.None), _recorder.Sweep.SweepAsync(CancellationToken.None));

        Assert.Equal(20, sweeps.Sum(s => s.Decided));
        Assert.All(monitors, m => Assert.Single(_recorder.Published(m)));
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal(20, await db.StatusTransitions.CountAsync());
        Assert.Equal(0, (await _recorder.Sweep.SweepAsync(CancellationToken.None)).Decided);
    }

    [Fact]
    public async Task Each_regions_results_are_stored_and_rolled_up_under_its_region()
    {
        var monitor = await _recorder.AddMonitorAsync();

        await _recorder.RecordAsync([.. AllUp(monitor, 1), .. AllUp(monitor, 2)]);

        await using var db = _recorder.Database.CreateDbContext();
        var stored = await db.RecordedChecks.Where(r => r.MonitorId == monitor).GroupBy(r => r.Region).Select(g => new { g.Key, Count = g.Count() }).ToListAsync();
        Assert.Equal([("default", 2), ("eu", 2), ("us", 2)], stored.OrderBy(s => s.Key).Select(s => (s.Key, s.Count)));
        var rollups = await db.CheckRollups.Where(r => r.MonitorId == monitor).GroupBy(r => r.Region).Select(g => new { g.Key, Checks = g.Sum(r => r.Checks) }).ToListAsync();
        Assert.Equal([("default", 2), ("eu", 2), ("us", 2)], rollups.OrderBy(r => r.Key).Select(r => (r.Key, r.Checks)));
    }

    [Fact]
    public async Task A_result_from_a_checker_older_than_regions_is_stored_under_the_default_region()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var result = Result(monitor, 1, "default", CheckStatus.Up) with { Region = null, RegionCount = 1, Quorum = 1 };

        await _recorder.RecordAsync(result);

        Assert.Equal([MonitorState.Up], States(monitor));
        Assert.Empty(_recorder.Published(monitor)[0].Regions);
        Assert.Equal("default", (await _recorder.StoredAsync(monitor)).Single(r => r.CheckId == result.CheckId).Region);
        await using var db = _recorder.Database.CreateDbContext();
        Assert.Equal("default", (await db.CheckRollups.SingleAsync(r => r.MonitorId == monitor)).Region);
        Assert.False(await db.CheckSlots.AnyAsync());
    }

    [Fact]
    public async Task The_clean_up_forgets_slots_decided_over_an_hour_ago_and_checkers_silent_for_a_day()
    {
        var monitor = await _recorder.AddMonitorAsync();
        var longAgo = DateTime.UtcNow.AddHours(-3);
        await using (var db = _recorder.Database.CreateDbContext())
        {
            CheckSlot Slot(DateTime due, DateTime? decidedAt) => new()
            {
                MonitorId = monitor, ScheduledAt = due, RegionCount = 3, Quorum = 2, FailureThreshold = 1, SuccessThreshold = 1,
                DecideBy = due.AddSeconds(15), LastCheckedAt = due, DecidedAt = decidedAt,
            };
            RegionChecker Checker(string id, DateTime lastSeen) => new()
            {
                CheckerId = id, Region = "eu", Host = "eu-1", StartedAt = lastSeen.AddDays(-1), LastSeenAt = lastSeen,
            };
            db.CheckSlots.AddRange(Slot(longAgo, longAgo.AddSeconds(15)), Slot(DateTime.UtcNow.AddMinutes(-5), DateTime.UtcNow.AddMinutes(-5)));
            db.RegionCheckers.AddRange(Checker("gone", DateTime.UtcNow.AddDays(-2)), Checker("here", DateTime.UtcNow));
            await db.SaveChangesAsync();
        }

        await _recorder.Sweep.CleanUpAsync(CancellationToken.None);

        await using var after = _recorder.Database.CreateDbContext();
        Assert.True(await after.CheckSlots.AllAsync(s => s.ScheduledAt > longAgo));
        Assert.Equal(1, await after.CheckSlots.CountAsync());
        Assert.Equal(["here"], await after.RegionCheckers.Select(c => c.CheckerId).ToListAsync());
    }
}
