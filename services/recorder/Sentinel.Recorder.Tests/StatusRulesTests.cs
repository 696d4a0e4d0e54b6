using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Tests;

public sealed class StatusRulesTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly MonitorStatus _status = StatusRules.Initial(Guid.NewGuid());
    private int _tick;

    private CheckCompleted Result(CheckStatus status, int failureThreshold = 1, int successThreshold = 1, DateTime? scheduledAt = null) => new()
    {
        CheckId = Guid.NewGuid(),
        MonitorId = _status.MonitorId,
        ScheduledAt = scheduledAt ?? T0.AddSeconds(++_tick),
        CheckedAt = scheduledAt ?? T0.AddSeconds(_tick),
        Status = status,
        LatencyMs = 1,
        FailureThreshold = failureThreshold,
        SuccessThreshold = successThreshold,
    };

    [Fact]
    public void The_first_result_decides_a_pending_monitor()
    {
        var applied = StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 3));

        Assert.Equal(MonitorState.Pending, applied.Previous);
        Assert.Equal(MonitorState.Down, _status.State);
    }

    [Fact]
    public void Three_failed_checks_mark_an_up_monitor_down_with_a_threshold_of_three()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));

        Assert.False(StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 3)).Changed);
        Assert.False(StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 3)).Changed);
        var third = StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 3));

        Assert.Equal(MonitorState.Up, third.Previous);
        Assert.Equal(MonitorState.Down, _status.State);
    }

    [Fact]
    public void A_success_between_failures_resets_the_count()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));
        StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 2));
        StatusRules.Apply(_status, Result(CheckStatus.Up, failureThreshold: 2));

        Assert.False(StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 2)).Changed);
        Assert.Equal(MonitorState.Up, _status.State);
    }

    [Fact]
    public void A_down_monitor_comes_back_up_after_the_success_threshold()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Down));

        Assert.False(StatusRules.Apply(_status, Result(CheckStatus.Up, successThreshold: 2)).Changed);
        var second = StatusRules.Apply(_status, Result(CheckStatus.Up, successThreshold: 2));

        Assert.Equal(MonitorState.Down, second.Previous);
        Assert.Equal(MonitorState.Up, _status.State);
    }

    [Fact]
    public void A_late_result_older_than_the_last_applied_one_changes_nothing()
    {
        var early = Result(CheckStatus.Down);
        StatusRules.Apply(_status, Result(CheckStatus.Up));
        var countsBefore = (_status.ConsecutiveFailures, _status.ConsecutiveSuccesses, _status.LastCheckId);

        var applied = StatusRules.Apply(_status, early);

        Assert.False(applied.Counted);
        Assert.Equal(MonitorState.Up, _status.State);
        Assert.Equal(countsBefore, (_status.ConsecutiveFailures, _status.ConsecutiveSuccesses, _status.LastCheckId));
    }

    [Fact]
    public void The_same_result_twice_is_applied_once()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));
        var down = Result(CheckStatus.Down, failureThreshold: 2);

        Assert.True(StatusRules.Apply(_status, down).Counted);
        Assert.False(StatusRules.Apply(_status, down).Counted);

        Assert.Equal(1, _status.ConsecutiveFailures);
        Assert.Equal(MonitorState.Up, _status.State);
    }

    [Fact]
    public void A_failure_in_maintenance_moves_the_state_but_announces_nothing_yet()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));

        var applied = StatusRules.Apply(_status, Result(CheckStatus.Down), inMaintenance: true);

        Assert.True(applied.Maintenance);
        Assert.Equal(MonitorState.Up, applied.Previous);
        Assert.Equal(MonitorState.Down, _status.State);
        Assert.Equal(MonitorState.Up, _status.AnnouncedState);
    }

    [Fact]
    public void A_monitor_still_down_after_the_window_announces_down_once()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));
        StatusRules.Apply(_status, Result(CheckStatus.Down), inMaintenance: true);

        var first = StatusRules.Apply(_status, Result(CheckStatus.Down));
        var second = StatusRules.Apply(_status, Result(CheckStatus.Down));

        Assert.False(first.Maintenance);
        Assert.Equal(MonitorState.Up, first.Previous);
        Assert.Equal(MonitorState.Down, _status.AnnouncedState);
        Assert.False(second.Changed);
    }

    [Fact]
    public void A_monitor_that_went_down_and_came_back_inside_the_window_announces_nothing_after_it()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));
        Assert.True(StatusRules.Apply(_status, Result(CheckStatus.Down), inMaintenance: true).Changed);
        Assert.True(StatusRules.Apply(_status, Result(CheckStatus.Up), inMaintenance: true).Changed);

        var after = StatusRules.Apply(_status, Result(CheckStatus.Up));

        Assert.False(after.Changed);
        Assert.Equal(MonitorState.Up, _status.State);
        Assert.Equal(MonitorState.Up, _status.AnnouncedState);
    }

    [Fact]
    public void Thresholds_still_apply_in_maintenance()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Up));

        Assert.False(StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 2), inMaintenance: true).Changed);
        Assert.Equal(MonitorState.Up, _status.State);
        Assert.True(StatusRules.Apply(_status, Result(CheckStatus.Down, failureThreshold: 2), inMaintenance: true).Changed);
        Assert.Equal(MonitorState.Down, _status.State);
    }

    [Fact]
    public void A_new_monitor_first_checked_in_maintenance_announces_its_state_after_the_window()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Down), inMaintenance: true);

        var after = StatusRules.Apply(_status, Result(CheckStatus.Down));

        Assert.Equal(MonitorState.Pending, after.Previous);
        Assert.Equal(MonitorState.Down, _status.State);
        Assert.False(after.Maintenance);
    }

    [Fact]
    public void A_recovery_after_the_window_from_a_down_announced_before_it_announces_up()
    {
        StatusRules.Apply(_status, Result(CheckStatus.Down));
        StatusRules.Apply(_status, Result(CheckStatus.Down), inMaintenance: true);

        var after = StatusRules.Apply(_status, Result(CheckStatus.Up));

        Assert.Equal(MonitorState.Down, after.Previous);
        Assert.Equal(MonitorState.Up, _status.AnnouncedState);
    }
}
