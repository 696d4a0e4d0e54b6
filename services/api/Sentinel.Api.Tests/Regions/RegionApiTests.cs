using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using RabbitMQ.Client;
using Sentinel.Api.Monitors;
using Sentinel.Api.Regions;
using Sentinel.Data;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Api.Tests.Regions;

/// <summary>The API with its clock stopped, so which checkers count as live is decided by the rows, not by when the test runs.</summary>
public sealed class RegionApiFactory : ApiFactory
{
    public static readonly DateTime Now = new(2026, 12, 2, 12, 0, 0, DateTimeKind.Utc);

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(new StoppedClock(Now)));
    }

    private sealed class StoppedClock(DateTime now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => new(now);
    }
}

public sealed class RegionApiTests(RegionApiFactory api) : IClassFixture<RegionApiFactory>
{
    private static readonly DateTime Now = RegionApiFactory.Now;
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    // The test broker is shared by every test project: a region's queue name must be this run's own.
    private static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid().ToString("N")[..8]}";

    private async Task<HttpResponseMessage> DeclareAsync(string name, bool isDefault = false) =>
        await _client.PostAsJsonAsync("/api/v1/regions", new { name, @default = isDefault });

    private async Task<RegionResponse> ShownAsync(string name) =>
        (await (await _client.GetAsync("/api/v1/regions")).ReadAsync<Page<RegionResponse>>()).Items.Single(r => r.Name == name);

    [Fact]
    public async Task A_declared_region_is_listed_unused_without_checkers_or_queue()
    {
        var name = UniqueName("fresh");
        var created = await DeclareAsync(name);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal($"/api/v1/regions/{name}", created.Headers.Location?.ToString());
        var region = await ShownAsync(name);
        Assert.Equal((false, RegionState.Unused, 0, null, null, null, 0L), (region.Default, region.State, region.Checkers, region.LastSeenAt, region.Queue, region.OldestWaitingSeconds, region.Monitors));
        var all = await (await _client.GetAsync("/api/v1/regions")).ReadAsync<Page<RegionResponse>>();
        Assert.Equal(RegionNames.Default, all.Items[0].Name);
        Assert.True(all.Items[0].Default);
    }

    [Fact]
    public async Task A_bad_name_is_refused_and_a_second_region_of_the_same_name_conflicts()
    {
        foreach (var bad in new[] { "EU", "-eu", "eu_west", new string('a', 64), "eu\n" })
        {
            var response = await DeclareAsync(bad);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["name"]);
        }

        var name = UniqueName("twice");
        Assert.Equal(HttpStatusCode.Created, (await DeclareAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DeclareAsync(name)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await DeclareAsync(RegionNames.Default)).StatusCode);
    }

    [Fact]
    public async Task Checkers_heard_from_lately_are_counted_with_the_longest_queue_wait_they_reported()
    {
        var name = UniqueName("busy");
        await DeclareAsync(name);
        await using (var db = api.Database.CreateDbContext())
        {
            db.RegionCheckers.AddRange(
                Checker(name, "a", Now.AddSeconds(-5), queueWaitMs: 1500),
                Checker(name, "b", Now.AddSeconds(-20), queueWaitMs: 2500),
                Checker(name, "gone", Now.AddMinutes(-10), queueWaitMs: 99_000),
                Checker(UniqueName("other"), "c", Now, queueWaitMs: 50_000));
            await db.SaveChangesAsync();
        }

        var region = await ShownAsync(name);

        Assert.Equal((RegionState.Active, 2, Now.AddSeconds(-5), 2.5), (region.State, region.Checkers, region.LastSeenAt, region.OldestWaitingSeconds));
    }

    [Fact]
    public async Task A_region_with_an_open_outage_is_lost_and_back_to_active_once_it_ends()
    {
        var name = UniqueName("far");
        await DeclareAsync(name);
        var outage = new RegionOutage { Id = Guid.NewGuid(), Region = name, QuietSince = Now.AddMinutes(-3), StartedAt = Now.AddMinutes(-2) };
        await using var db = api.Database.CreateDbContext();
        db.RegionCheckers.Add(Checker(name, "a", Now.AddMinutes(-3), queueWaitMs: null));
        db.RegionOutages.Add(outage);
        await db.SaveChangesAsync();

        var lost = await ShownAsync(name);
        outage.EndedAt = Now;
        await db.SaveChangesAsync();

        Assert.Equal((RegionState.Lost, 0, null), (lost.State, lost.Checkers, lost.OldestWaitingSeconds));
        Assert.Equal(RegionState.Active, (await ShownAsync(name)).State);
    }

    [Fact]
    public async Task The_queue_shows_the_checks_waiting_in_it_and_its_consumers_as_the_broker_counts_them()
    {
        var name = UniqueName("queued");
        await DeclareAsync(name);
        var factory = new ConnectionFactory
        {
            HostName = TestInfrastructure.RabbitMqHost, Port = int.Parse(TestInfrastructure.RabbitMqPort), UserName = TestInfrastructure.RabbitMqUsername,
            Password = TestInfrastructure.RabbitMqPassword, VirtualHost = TestInfrastructure.RabbitMqVirtualHost,
        };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = QueueNames.RunCheckFor(name);
        await channel.QueueDeclareAsync(queue, durable: false, exclusive: false, autoDelete: false);
        try
        {
            for (var i = 0; i < 3; i++)
            {
                await channel.BasicPublishAsync("", queue, Encoding.UTF8.GetBytes("{}"));
            }

            var region = await ShownAsync(name);

            Assert.Equal(new QueueResponse(3, 0), region.Queue);
        }
        finally
        {
            await channel.QueueDeleteAsync(queue);
        }
    }

    [Fact]
    public async Task The_default_set_gives_monitors_that_name_no_regions_their_regions_in_order()
    {
        var name = UniqueName("zz");
        await DeclareAsync(name, isDefault: true);
        try
        {
            var monitor = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "defaults", url = "https://shop.example/" })).ReadAsync<MonitorResponse>();

            Assert.Equal([RegionNames.Default, name], monitor.Regions);
            Assert.Equal(2, monitor.Quorum);
            Assert.True((await ShownAsync(name)).Default);
            Assert.Equal(1, (await ShownAsync(name)).Monitors);
        }
        finally
        {
            var patched = await PatchAsync(name, """{"default":false}""");
            Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
            Assert.False((await patched.ReadAsync<RegionResponse>()).Default);
        }
    }

    [Fact]
    public async Task The_default_set_cannot_be_left_empty()
    {
        var response = await PatchAsync(RegionNames.Default, """{"default":false}""");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.True((await ShownAsync(RegionNames.Default)).Default);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync("nowhere", """{"default":true}""")).StatusCode);
    }

    [Fact]
    public async Task A_region_in_use_or_the_default_one_cannot_be_deleted_and_an_unused_one_can()
    {
        var name = UniqueName("used");
        await DeclareAsync(name);
        var monitor = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "user", url = "https://shop.example/", regions = new[] { RegionNames.Default, name } }))
            .ReadAsync<MonitorResponse>();

        var inUse = await _client.DeleteAsync($"/api/v1/regions/{name}");
        Assert.Equal(HttpStatusCode.Conflict, inUse.StatusCode);
        Assert.Contains("1 monitor", await inUse.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await _client.DeleteAsync($"/api/v1/regions/{RegionNames.Default}")).StatusCode);

        await _client.DeleteAsync($"/api/v1/monitors/{monitor.Id}");
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/regions/{name}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/v1/regions/{name}")).StatusCode);
        var refused = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "late", url = "https://shop.example/", regions = new[] { name } });
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    private Task<HttpResponseMessage> PatchAsync(string name, string patch) =>
        _client.PatchAsync($"/api/v1/regions/{name}", new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"));

    private static RegionChecker Checker(string region, string id, DateTime lastSeenAt, double? queueWaitMs) => new()
    {
        CheckerId = $"{region}-{id}", Region = region, Host = id, StartedAt = lastSeenAt.AddHours(-1), LastSeenAt = lastSeenAt, Concurrency = 50,
        QueueWaitMs = queueWaitMs,
    };
}
