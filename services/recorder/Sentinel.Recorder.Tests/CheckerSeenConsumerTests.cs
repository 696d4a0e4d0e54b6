using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Recorder.Tests;

public sealed class CheckerSeenConsumerTests : IAsyncLifetime
{
    private readonly RecorderHarness _recorder = new();
    private readonly DateTime _started = DateTime.UtcNow.AddHours(-1);

    public Task InitializeAsync() => _recorder.InitializeAsync();
    public Task DisposeAsync() => _recorder.DisposeAsync();

    private CheckerSeen Seen(string checkerId, string region, DateTime seenAt, int running) => new()
    {
        CheckerId = checkerId,
        Region = region,
        Host = $"{region}-host",
        StartedAt = _started,
        SeenAt = seenAt,
        Concurrency = 64,
        Running = running,
        QueueWaitMs = running == 0 ? null : 12.5,
    };

    private async Task PublishAndWaitAsync(CheckerSeen seen)
    {
        await _recorder.Harness.Bus.Publish(seen);
        await Eventually.Until(
            () => Task.FromResult(_recorder.Harness.Consumed.Select<CheckerSeen>().Count(m => m.Exception is null && m.Context.Message == seen)),
            count => count > 0,
            "the recorder to consume the checker's report");
    }

    [Fact]
    public async Task Each_checker_is_listed_once_with_its_newest_report()
    {
        var now = DateTime.UtcNow;
        await PublishAndWaitAsync(Seen("eu-1", "eu", now.AddSeconds(-10), running: 3));
        await PublishAndWaitAsync(Seen("us-1", "us", now.AddSeconds(-10), running: 0));

        await PublishAndWaitAsync(Seen("eu-1", "eu", now, running: 5));

        await using var db = _recorder.Database.CreateDbContext();
        var checkers = await Eventually.Until(
            () => db.RegionCheckers.AsNoTracking().OrderBy(c => c.CheckerId).ToListAsync(),
            list => list.Count == 2 && list[0].Running == 5,
            "both checkers to be listed, eu-1 with its newest report");
        Assert.Equal(now, checkers[0].LastSeenAt, TimeSpan.FromMicroseconds(1));
        Assert.Equal(("us", "us-host", (double?)null), (checkers[1].Region, checkers[1].Host, checkers[1].QueueWaitMs));
    }

    [Fact]
    public async Task An_older_report_arriving_late_does_not_move_a_checker_back()
    {
        var now = DateTime.UtcNow;
        await PublishAndWaitAsync(Seen("eu-1", "eu", now, running: 5));
        await using var db = _recorder.Database.CreateDbContext();
        await Eventually.Until(() => db.RegionCheckers.AsNoTracking().CountAsync(), count => count == 1, "the checker to be listed");

        await PublishAndWaitAsync(Seen("eu-1", "eu", now.AddSeconds(-10), running: 1));

        var checker = await db.RegionCheckers.AsNoTracking().SingleAsync();
        Assert.Equal(5, checker.Running);
        Assert.Equal(now, checker.LastSeenAt, TimeSpan.FromMicroseconds(1));
    }
}
