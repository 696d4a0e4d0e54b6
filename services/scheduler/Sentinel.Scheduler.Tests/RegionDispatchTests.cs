using MassTransit.Testing;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Tests;

/// <summary>One due time of a monitor checked from several regions: one check to each region's queue.</summary>
public sealed class RegionDispatchTests : IAsyncLifetime
{
    private SchedulerHarness _scheduler = null!;

    public async Task InitializeAsync() => _scheduler = await SchedulerHarness.StartAsync();

    public async Task DisposeAsync() => await _scheduler.DisposeAsync();

    /// <summary>Every check sent so far, with the queue its message went to (sends are confirmed before a claim returns).</summary>
    private List<(string Queue, RunCheck Check)> Sent() =>
        _scheduler.Harness!.Sent.Select<RunChecks>(new CancellationToken(canceled: true))
            .SelectMany(m => m.Context.Message.Checks.Select(c => (m.Context.DestinationAddress!.AbsolutePath.Trim('/'), c)))
            .ToList();

    [Fact]
    public async Task A_monitor_in_three_regions_gets_one_check_per_region_per_due_time_each_on_its_regions_queue()
    {
        var monitor = await _scheduler.AddDueMonitorAsync(["default", "eu", "us"], quorum: 2, degradedAboveMs: 800);
        var dueAt = await _scheduler.NextCheckAtAsync(monitor.Id);

        Assert.Equal(1, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));
        // The next due time is an interval away: a second claim now sends nothing more.
        Assert.Equal(0, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));

        var sent = Sent();
        Assert.Equal(["run-check", "run-check-eu", "run-check-us"], sent.Select(s => s.Queue).Order());
        foreach (var (queue, check) in sent)
        {
            var region = check.Region!;
            Assert.Equal(QueueNames.RunCheckFor(region), queue);
            Assert.Equal(SlotCheckId.For(monitor.Id, dueAt, region), check.CheckId);
            Assert.Equal(monitor.Id, check.MonitorId);
            Assert.Equal(dueAt, check.ScheduledAt);
            Assert.Equal(3, check.RegionCount);
            Assert.Equal(2, check.Quorum);
            Assert.Equal(800, check.DegradedAboveMs);
            Assert.Equal(2, check.FailureThreshold);
            Assert.Equal(3, check.SuccessThreshold);
        }

        Assert.Equal(3, sent.Select(s => s.Check.CheckId).Distinct().Count());
    }

    [Fact]
    public async Task A_single_region_monitor_gets_the_one_check_it_always_had()
    {
        var monitor = await _scheduler.AddDueMonitorAsync([RegionNames.Default]);
        var dueAt = await _scheduler.NextCheckAtAsync(monitor.Id);

        Assert.Equal(1, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));

        var (queue, check) = Assert.Single(Sent());
        Assert.Equal(QueueNames.RunCheck, queue);
        // The id every check of this due time had before regions, so results recorded by an older scheduler match.
        Assert.Equal(SlotCheckId.For(monitor.Id, dueAt), check.CheckId);
        Assert.Equal(RegionNames.Default, check.Region);
        Assert.Equal(1, check.RegionCount);
        Assert.Equal(1, check.Quorum);
        Assert.Null(check.DegradedAboveMs);
    }

    [Fact]
    public async Task A_monitor_with_no_regions_that_is_not_a_heartbeat_is_checked_from_the_default_region()
    {
        var monitor = await _scheduler.AddDueMonitorAsync([]);

        Assert.Equal(1, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));

        var (queue, check) = Assert.Single(Sent());
        Assert.Equal(QueueNames.RunCheck, queue);
        Assert.Equal(monitor.Id, check.MonitorId);
        Assert.Equal(1, check.RegionCount);
    }

    [Fact]
    public async Task Each_message_carries_the_checks_of_one_region_only()
    {
        // Scheduler:ChecksPerMessage is 2 here: three monitors make two messages for each region.
        for (var i = 0; i < 3; i++)
        {
            await _scheduler.AddDueMonitorAsync(["default", "eu"], quorum: 1);
        }

        Assert.Equal(3, await _scheduler.Dispatcher.DispatchDueAsync(100, CancellationToken.None));

        var messages = _scheduler.Harness!.Sent.Select<RunChecks>(new CancellationToken(canceled: true)).ToList();
        Assert.Equal(4, messages.Count);
        Assert.All(messages, m => Assert.Single(m.Context.Message.Checks.Select(c => c.Region).Distinct()));
        Assert.All(messages, m => Assert.Equal(
            QueueNames.RunCheckFor(m.Context.Message.Checks[0].Region!), m.Context.DestinationAddress!.AbsolutePath.Trim('/')));
        Assert.Equal(3, messages.Where(m => m.Context.Message.Checks[0].Region == "eu").Sum(m => m.Context.Message.Checks.Count));
    }
}
