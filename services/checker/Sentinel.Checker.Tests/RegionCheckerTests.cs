using MassTransit;
using MassTransit.Testing;
using Sentinel.Checker.Consumers;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

/// <summary>A checker started in a region other than the default one.</summary>
public sealed class RegionCheckerTests : IAsyncLifetime
{
    private CheckerHarness _checker = null!;
    private TestTarget _target = null!;

    public async Task InitializeAsync()
    {
        _checker = await CheckerHarness.StartAsync(new Dictionary<string, string?> { ["Checker:Region"] = "eu" });
        _target = await TestTarget.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _checker.DisposeAsync();
    }

    [Fact]
    public async Task It_runs_the_checks_sent_to_its_regions_queue_and_stamps_its_region_on_each_result()
    {
        var check = CheckerHarness.NewCheck(CheckerHarness.Spec(_target.Url) with { Retries = 1 }) with
        {
            Region = "eu", RegionCount = 3, Quorum = 2, DegradedAboveMs = 800,
        };

        var queue = await _checker.Harness.Bus.GetSendEndpoint(new Uri($"queue:{QueueNames.RunCheckFor("eu")}"));
        await queue.Send(new RunChecks { Checks = [check] });

        var published = await _checker.Harness.Published
            .SelectAsync<ChecksCompleted>(m => m.Context.Message.Results.Any(r => r.CheckId == check.CheckId)).FirstOrDefault();
        Assert.NotNull(published);
        var result = published.Context.Message.Results.Single(r => r.CheckId == check.CheckId);
        Assert.Equal(CheckStatus.Up, result.Status);
        Assert.Equal("eu", result.Region);
        Assert.Equal(3, result.RegionCount);
        Assert.Equal(2, result.Quorum);
        Assert.Equal(800, result.DegradedAboveMs);
        // Two attempts of 5 s with the pause between them: how long the recorder waits for this region.
        Assert.Equal((2 * 5 + 1 * Sentinel.Checks.ProbeCheck.RetryDelaySeconds) * 1000, result.LongestMs);
    }

    [Fact]
    public void It_does_not_take_the_apis_test_now_requests()
    {
        // Not registered at all, so its bus has no test-check endpoint (a remote region's broker user may not read it).
        Assert.Throws<InvalidOperationException>(() => _checker.Harness.GetConsumerHarness<TestCheckConsumer>());
    }

    [Fact]
    public async Task It_reports_itself_at_start_with_its_region()
    {
        var seen = await _checker.Harness.Published.SelectAsync<CheckerSeen>().FirstOrDefault();

        Assert.NotNull(seen);
        Assert.Equal("eu", seen.Context.Message.Region);
        Assert.Equal(_checker.Presence.CheckerId, seen.Context.Message.CheckerId);
    }
}
