using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Tests;

/// <summary>The verdict of one due time from its regions' results, and how verdicts move a monitor's state.</summary>
public sealed class QuorumRuleTests
{
    private static readonly DateTime T0 = new(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private readonly MonitorStatus _status = StatusRules.Initial(Guid.NewGuid());

    private static RegionResult Up(string region, double latencyMs = 20) => new() { Region = region, Status = CheckStatus.Up, LatencyMs = latencyMs };
    private static RegionResult Down(string region) => new() { Region = region, Status = CheckStatus.Down, Error = "connection refused" };
    private static RegionResult Unknown(string region) => new() { Region = region };

    private DueTimeVerdict Verdict(int slot, MonitorState outcome, int failureThreshold = 1, int successThreshold = 1) => new(
        _status.MonitorId, T0.AddMinutes(slot), SlotCheckId.ForVerdict(_status.MonitorId, T0.AddMinutes(slot)), T0.AddMinutes(slot),
        outcome, failureThreshold, successThreshold);

    [Fact]
    public void Every_region_up_is_up() =>
        Assert.Equal(MonitorState.Up, QuorumRule.Decide([Up("default"), Up("eu"), Up("us")], quorum: 2, degradedAboveMs: null));

    [Fact]
    public void One_of_three_failing_with_a_quorum_of_two_is_degraded() =>
        Assert.Equal(MonitorState.Degraded, QuorumRule.Decide([Up("default"), Down("eu"), Up("us")], quorum: 2, degradedAboveMs: null));

    [Fact]
    public void Two_of_three_failing_with_a_quorum_of_two_is_down() =>
        Assert.Equal(MonitorState.Down, QuorumRule.Decide([Up("default"), Down("eu"), Down("us")], quorum: 2, degradedAboveMs: null));

    [Fact]
    public void A_region_that_did_not_answer_is_unknown_never_down()
    {
        Assert.Equal(MonitorState.Degraded, QuorumRule.Decide([Unknown("default"), Down("eu"), Up("us")], quorum: 2, degradedAboveMs: null));
        Assert.Equal(MonitorState.Up, QuorumRule.Decide([Unknown("default"), Up("eu")], quorum: 2, degradedAboveMs: null));
        // Two regions silent leave one failing region short of the quorum.
        Assert.Equal(MonitorState.Degraded, QuorumRule.Decide([Down("eu")], quorum: 2, degradedAboveMs: null));
    }

    [Fact]
    public void No_region_answering_decides_nothing() =>
        Assert.Null(QuorumRule.Decide([Unknown("default"), Unknown("eu")], quorum: 1, degradedAboveMs: null));

    [Fact]
    public void Every_region_up_but_one_slower_than_the_limit_is_degraded()
    {
        Assert.Equal(MonitorState.Degraded, QuorumRule.Decide([Up("default", 90), Up("eu", 600)], quorum: 2, degradedAboveMs: 500));
        Assert.Equal(MonitorState.Up, QuorumRule.Decide([Up("default", 90), Up("eu", 500)], quorum: 2, degradedAboveMs: 500));
    }

    [Fact]
    public void A_quorum_of_one_makes_any_failing_region_down() =>
        Assert.Equal(MonitorState.Down, QuorumRule.Decide([Up("default"), Down("eu"), Up("us")], quorum: 1, degradedAboveMs: null));

    [Fact]
    public void A_single_region_success_slower_than_the_limit_is_degraded()
    {
        var result = new CheckCompleted
        {
            CheckId = Guid.NewGuid(), MonitorId = _status.MonitorId, ScheduledAt = T0, CheckedAt = T0,
            Status = CheckStatus.Up, LatencyMs = 900, DegradedAboveMs = 500,
        };

        Assert.Equal(MonitorState.Degraded, DueTimeVerdict.Of(result).Outcome);
        Assert.Equal(MonitorState.Up, DueTimeVerdict.Of(result with { LatencyMs = 400 }).Outcome);
    }

    [Fact]
    public void An_up_monitor_becomes_degraded_after_the_failure_threshold_of_impaired_due_times()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Up));

        Assert.False(StatusRules.Apply(_status, Verdict(1, MonitorState.Degraded, failureThreshold: 2)).Changed);
        var second = StatusRules.Apply(_status, Verdict(2, MonitorState.Down, failureThreshold: 2));

        // Two due times at least degraded, only one down: degraded, not down.
        Assert.Equal(MonitorState.Up, second.Previous);
        Assert.Equal(MonitorState.Degraded, _status.State);
    }

    [Fact]
    public void A_degraded_monitor_goes_down_when_the_quorum_fails_for_the_threshold()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Degraded));

        var down = StatusRules.Apply(_status, Verdict(1, MonitorState.Down));

        Assert.Equal(MonitorState.Degraded, down.Previous);
        Assert.Equal(MonitorState.Down, _status.State);
    }

    [Fact]
    public void A_down_monitor_with_one_region_still_failing_becomes_degraded_after_the_success_threshold()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Down));

        Assert.False(StatusRules.Apply(_status, Verdict(1, MonitorState.Degraded, successThreshold: 2)).Changed);
        Assert.False(StatusRules.Apply(_status, Verdict(2, MonitorState.Down, successThreshold: 2)).Changed);
        Assert.False(StatusRules.Apply(_status, Verdict(3, MonitorState.Up, successThreshold: 2)).Changed);
        var better = StatusRules.Apply(_status, Verdict(4, MonitorState.Degraded, successThreshold: 2));

        Assert.Equal(MonitorState.Down, better.Previous);
        Assert.Equal(MonitorState.Degraded, _status.State);
    }

    [Fact]
    public void A_degraded_monitor_recovers_after_the_success_threshold_of_up_due_times()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Degraded));

        Assert.False(StatusRules.Apply(_status, Verdict(1, MonitorState.Up, successThreshold: 2)).Changed);
        var up = StatusRules.Apply(_status, Verdict(2, MonitorState.Up, successThreshold: 2));

        Assert.Equal(MonitorState.Degraded, up.Previous);
        Assert.Equal(MonitorState.Up, _status.State);
    }

    [Fact]
    public void A_verdict_for_an_earlier_due_time_decided_late_is_not_applied()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Up));
        StatusRules.Apply(_status, Verdict(2, MonitorState.Up));

        var late = StatusRules.Apply(_status, Verdict(1, MonitorState.Down));

        Assert.False(late.Counted);
        Assert.Equal(MonitorState.Up, _status.State);
    }

    [Fact]
    public void The_same_due_time_decided_twice_is_applied_once()
    {
        StatusRules.Apply(_status, Verdict(0, MonitorState.Up));
        Assert.True(StatusRules.Apply(_status, Verdict(1, MonitorState.Down)).Changed);

        var again = StatusRules.Apply(_status, Verdict(1, MonitorState.Down));

        Assert.False(again.Counted);
        Assert.Equal(1, _status.ConsecutiveFailures);
    }
}
