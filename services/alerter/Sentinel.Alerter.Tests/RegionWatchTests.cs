using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Watch;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests;

/// <summary>
/// "Region lost", told from rows as silent checkers leave them: a declared region whose checkers were all last heard
/// from longer ago than the limit (60 s by default).
/// </summary>
public sealed class RegionWatchTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private static async Task WatchAsync(IServiceProvider alerter)
    {
        var watch = alerter.GetServices<IHostedService>().OfType<RegionWatch>().Single();
        await Task.WhenAll(await watch.WatchAsync(CancellationToken.None));
    }

    private Task WatchAsync() => WatchAsync(_alerter.Services);

    private async Task RegionAsync(string name)
    {
        await using var db = _alerter.Database.CreateDbContext();
        db.Regions.Add(new Region { Name = name, CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    /// <summary>A checker of <paramref name="region"/> as the recorder leaves its row, last heard from <paramref name="ago"/>.</summary>
    private async Task CheckerAsync(string region, string id, TimeSpan ago)
    {
        await using var db = _alerter.Database.CreateDbContext();
        db.RegionCheckers.Add(new RegionChecker
        {
            CheckerId = id, Region = region, Host = "checker-" + id, StartedAt = DateTime.UtcNow.AddHours(-1), LastSeenAt = DateTime.UtcNow - ago, Concurrency = 64,
        });
        await db.SaveChangesAsync();
    }

    /// <summary>A checker is heard from again, as the recorder records its <c>CheckerSeen</c>.</summary>
    private async Task HeardFromAsync(string id)
    {
        await using var db = _alerter.Database.CreateDbContext();
        await db.RegionCheckers.Where(c => c.CheckerId == id).ExecuteUpdateAsync(s => s.SetProperty(c => c.LastSeenAt, DateTime.UtcNow));
    }

    private static JsonElement Body(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    [Fact]
    public async Task A_region_silent_past_the_limit_is_told_once_by_two_watchers_and_once_more_when_a_checker_is_heard_again()
    {
        await _alerter.AddChannelAsync("webhook", "ops-hook", isDefault: true);
        await _alerter.AddChannelAsync("slack", "ops-slack", isDefault: true);
        var monitorsOwn = await _alerter.AddChannelAsync("slack", "not-default");
        await RegionAsync("eu");
        await RegionAsync("us");
        await CheckerAsync("eu", "eu-1", TimeSpan.FromMinutes(5));
        await CheckerAsync("eu", "eu-2", TimeSpan.FromMinutes(3));
        await CheckerAsync("us", "us-1", TimeSpan.FromSeconds(5));
        await CheckerAsync("default", "default-1", TimeSpan.FromSeconds(5));
        await using var other = _alerter.AnotherAlerter();

        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(WatchAsync(), WatchAsync(other));
        }

        var lost = Body(Assert.Single(_alerter.Receiver.At("ops-hook")));
        Assert.Equal("sentinel.region_lost", lost.GetProperty("event").GetString());
        Assert.Equal("Region eu lost", lost.GetProperty("title").GetString());
        Assert.Equal("eu", lost.GetProperty("region").GetString());
        Assert.Equal("down", lost.GetProperty("state").GetString());
        Assert.Contains("no checker heard from since ", lost.GetProperty("error").GetString());
        Assert.EndsWith("its monitors' results from eu are unknown, no monitor changes state", lost.GetProperty("error").GetString());
        var slack = Assert.Single(_alerter.Receiver.At("ops-slack")).Body;
        Assert.Contains("\"text\":\"Region eu lost\"", slack);
        Assert.Contains("*Silent for*\\n3m ", slack);
        Assert.Empty(_alerter.Receiver.At(monitorsOwn.Name));

        await HeardFromAsync("eu-2");
        for (var i = 0; i < 3; i++)
        {
            await Task.WhenAll(WatchAsync(), WatchAsync(other));
        }

        Assert.Equal(["sentinel.region_lost", "sentinel.region_back"], _alerter.Receiver.At("ops-hook").Select(r => Body(r).GetProperty("event").GetString()));
        Assert.Contains("\"text\":\"Region eu is checking again\"", _alerter.Receiver.At("ops-slack")[1].Body);
        Assert.Contains("*Was silent for*\\n3m ", _alerter.Receiver.At("ops-slack")[1].Body);
        await using var db = _alerter.Database.CreateDbContext();
        var outage = await db.RegionOutages.SingleAsync();
        Assert.Equal("eu", outage.Region);
        Assert.NotNull(outage.EndedAt);
    }

    [Fact]
    public async Task A_declared_region_that_never_had_a_checker_is_not_lost()
    {
        await _alerter.AddChannelAsync("webhook", "quiet", isDefault: true);
        await RegionAsync("ap");

        await WatchAsync();
        await WatchAsync();

        Assert.Empty(_alerter.Receiver.At("quiet"));
        await using var db = _alerter.Database.CreateDbContext();
        Assert.Empty(await db.RegionOutages.ToListAsync());
    }
}
