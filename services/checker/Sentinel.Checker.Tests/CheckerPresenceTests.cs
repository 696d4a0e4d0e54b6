using MassTransit.Testing;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

/// <summary>A checker tells the system it is alive, where it runs, and how far behind its queue is.</summary>
public sealed class CheckerPresenceTests : IAsyncLifetime
{
    private CheckerHarness _checker = null!;
    private TestTarget _target = null!;

    public async Task InitializeAsync()
    {
        _checker = await CheckerHarness.StartAsync(new Dictionary<string, string?>
        {
            ["Checker:HeartbeatSeconds"] = "1",
            ["Checker:Concurrency"] = "7",
        });
        _target = await TestTarget.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _target.DisposeAsync();
        await _checker.DisposeAsync();
    }

    private List<CheckerSeen> Reports() =>
        _checker.Harness.Published.Select<CheckerSeen>(new CancellationToken(canceled: true)).Select(m => m.Context.Message).ToList();

    [Fact]
    public async Task The_first_report_comes_at_start_and_names_the_checker_its_region_and_its_capacity()
    {
        var seen = await _checker.Harness.Published.SelectAsync<CheckerSeen>().FirstOrDefault();

        Assert.NotNull(seen);
        var report = seen.Context.Message;
        Assert.Equal(RegionNames.Default, report.Region);
        Assert.Equal(Environment.MachineName, report.Host);
        Assert.Equal(
            $"{Environment.MachineName}/{Environment.ProcessId}/{new DateTimeOffset(report.StartedAt).ToUnixTimeMilliseconds()}", report.CheckerId);
        Assert.Equal(DateTimeKind.Utc, report.SeenAt.Kind);
        Assert.True(report.SeenAt >= report.StartedAt);
        Assert.Equal(7, report.Concurrency);
        Assert.Equal(0, report.Running);
        Assert.Equal(0, report.Completed);
        Assert.Null(report.QueueWaitMs);
    }

    [Fact]
    public async Task Later_reports_count_the_checks_completed_and_how_long_their_message_waited_in_the_queue()
    {
        var result = await _checker.CheckAsync(_target.Url);
        Assert.Equal(CheckStatus.Up, result.Status);

        // The check's message was taken and its check completed by now; the reports after it say so, once.
        var reports = await Eventually.Until(
            () => Task.FromResult(Reports()), r => r.Sum(s => s.Completed) >= 1 && r.Any(s => s.QueueWaitMs is not null),
            "a report of the completed check");
        Assert.Equal(1, reports.Sum(s => s.Completed));
        Assert.Single(reports, s => s.QueueWaitMs is not null);
        Assert.InRange(reports.Single(s => s.QueueWaitMs is not null).QueueWaitMs!.Value, 0, Eventually.Patience.TotalMilliseconds);
        Assert.Single(reports.Select(s => s.CheckerId).Distinct());
        Assert.All(reports, s => Assert.Equal(reports[0].StartedAt, s.StartedAt));
    }
}
