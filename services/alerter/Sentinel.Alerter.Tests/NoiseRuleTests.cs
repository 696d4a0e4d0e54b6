using Sentinel.Alerter.Noise;
using Sentinel.Contracts;

namespace Sentinel.Alerter.Tests;

public sealed class FlappingRuleTests
{
    private static readonly DateTime T = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);

    private static List<DateTime> EveryMinuteBack(int count) => Enumerable.Range(0, count).Select(i => T.AddMinutes(-i)).ToList();

    [Fact]
    public void More_changes_than_allowed_within_the_window_is_flapping() =>
        Assert.True(FlappingRule.IsFlapping(EveryMinuteBack(6), changes: 5, minutes: 10));

    [Fact]
    public void Exactly_the_allowed_number_of_changes_is_not_flapping() =>
        Assert.False(FlappingRule.IsFlapping(EveryMinuteBack(5), changes: 5, minutes: 10));

    [Fact]
    public void Changes_spread_wider_than_the_window_are_not_flapping() =>
        Assert.False(FlappingRule.IsFlapping(EveryMinuteBack(6), changes: 5, minutes: 5));

    [Fact]
    public void Zero_changes_turns_flapping_off() =>
        Assert.False(FlappingRule.IsFlapping(EveryMinuteBack(50), changes: 0, minutes: 10));

    [Fact]
    public void A_flapping_monitor_settles_its_minutes_after_its_last_change() =>
        Assert.Equal(T.AddMinutes(10), FlappingRule.SettlesAt(T, 10));
}

public sealed class HoldRuleTests
{
    private static readonly DateTime Now = new(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime ChildDown = Now.AddMinutes(-5);

    private static ParentView Parent(MonitorState state, DateTime lastChecked, DateTime? lastChange = null, bool enabled = true) =>
        new("db", enabled, state, 60, lastChecked, lastChange ?? Now.AddHours(-1));

    [Fact]
    public void A_child_down_while_its_parent_is_down_is_held_naming_the_parent()
    {
        var decision = HoldRule.Decide(new ChildView(ChildDown, true, ChildDown), [Parent(MonitorState.Down, Now)], Now);
        Assert.Equal((HoldDecision.Hold, "held: parent db down"), decision);
    }

    [Fact]
    public void A_child_not_yet_checked_since_its_parent_recovered_stays_held()
    {
        var recovered = Now.AddMinutes(-1);
        var decision = HoldRule.Decide(new ChildView(ChildDown, true, recovered.AddSeconds(-5)), [Parent(MonitorState.Up, Now, recovered)], Now);
        Assert.Equal((HoldDecision.Hold, "held: waiting for a check after parent db recovered"), decision);
    }

    [Fact]
    public void A_child_still_down_when_checked_after_its_parent_recovered_is_sent()
    {
        var recovered = Now.AddMinutes(-1);
        var decision = HoldRule.Decide(new ChildView(ChildDown, true, recovered.AddSeconds(5)), [Parent(MonitorState.Up, Now, recovered)], Now);
        Assert.Equal(HoldDecision.Send, decision.Decision);
    }

    [Fact]
    public void A_child_that_recovered_while_held_is_withheld_naming_the_parent()
    {
        var decision = HoldRule.Decide(new ChildView(ChildDown, false, Now), [Parent(MonitorState.Down, Now)], Now);
        Assert.Equal((HoldDecision.Withhold, "not sent: recovered while parent db was down"), decision);
    }

    [Fact]
    public void A_child_that_fails_first_waits_for_its_parents_next_check_but_not_past_its_interval()
    {
        var justDown = Now.AddSeconds(-10);
        var waiting = HoldRule.Decide(new ChildView(justDown, true, justDown), [Parent(MonitorState.Up, justDown.AddSeconds(-20))], Now);
        var late = HoldRule.Decide(new ChildView(justDown, true, justDown), [Parent(MonitorState.Up, justDown.AddSeconds(-20))], Now.AddMinutes(3));

        Assert.Equal((HoldDecision.Hold, "held: waiting for parent db's next check"), waiting);
        Assert.Equal(HoldDecision.Send, late.Decision);
    }

    [Fact]
    public void A_paused_parent_holds_nothing() =>
        Assert.Equal(HoldDecision.Send, HoldRule.Decide(new ChildView(ChildDown, true, ChildDown), [Parent(MonitorState.Down, Now, enabled: false)], Now).Decision);
}
