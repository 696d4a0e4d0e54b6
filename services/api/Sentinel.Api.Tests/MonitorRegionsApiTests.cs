using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Maintenance;
using Sentinel.Api.Monitors;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

/// <summary>A monitor's regions, quorum and latency limit, and what it shows per region. The default set is only <c>default</c> here.</summary>
public sealed class MonitorRegionsApiTests(ApiFactory api) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private const string Url = "https://shop.example/health";
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    public async Task InitializeAsync()
    {
        await using var db = api.Database.CreateDbContext();
        foreach (var name in new[] { "eu", "us", "ap" })
        {
            await db.Database.ExecuteSqlInterpolatedAsync($"INSERT INTO regions (name, is_default) VALUES ({name}, false) ON CONFLICT DO NOTHING");
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private async Task<MonitorResponse> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.ReadAsync<MonitorResponse>();
    }

    private Task<HttpResponseMessage> PatchAsync(Guid id, string patch) =>
        _client.PatchAsync($"/api/v1/monitors/{id}", new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"));

    [Fact]
    public async Task A_monitor_checked_from_three_regions_shows_them_with_its_quorum_and_latency_limit()
    {
        var created = await CreateAsync(new { name = "checkout", url = Url, regions = new[] { "default", "eu", "us" }, quorum = 2, degradedAboveMs = 800 });

        Assert.Equal(["default", "eu", "us"], created.Regions);
        Assert.Equal((2, 800), (created.Quorum, created.DegradedAboveMs));
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{created.Id}"))!;
        Assert.Equal("""["default","eu","us"]""", shown["regions"]!.ToJsonString());
        Assert.Equal((2, 800), ((int)shown["quorum"]!, (int)shown["degradedAboveMs"]!));
    }

    [Fact]
    public async Task A_monitor_that_names_no_regions_takes_the_default_set_and_a_majority()
    {
        var plain = await CreateAsync(new { name = "plain", url = Url });
        var three = await CreateAsync(new { name = "three", url = Url, regions = new[] { "default", "eu", "us" } });
        var four = await CreateAsync(new { name = "four", url = Url, regions = new[] { "default", "eu", "us", "ap" } });

        Assert.Equal(["default"], plain.Regions);
        Assert.Equal((1, null), (plain.Quorum, plain.DegradedAboveMs));
        Assert.Equal(2, three.Quorum);
        Assert.Equal(3, four.Quorum);
    }

    public static TheoryData<string, string, string> BadRegionFields => new()
    {
        { """{"name":"x","url":"https://a.example/","regions":["default","mars"]}""", "regions", "mars" },
        { """{"name":"x","url":"https://a.example/","regions":["default","eu","eu"]}""", "regions", "twice" },
        { """{"name":"x","url":"https://a.example/","regions":["EU"]}""", "regions", "not a region name" },
        { """{"name":"x","url":"https://a.example/","regions":[]}""", "regions", "At least one" },
        { """{"name":"x","url":"https://a.example/","regions":[""" + string.Join(",", Enumerable.Range(0, 17).Select(i => $"\"r{i}\"")) + "]}", "regions", "At most 16" },
        { """{"name":"x","url":"https://a.example/","regions":["default","eu"],"quorum":0}""", "quorum", "between 1 and 2" },
        { """{"name":"x","url":"https://a.example/","regions":["default","eu"],"quorum":3}""", "quorum", "between 1 and 2" },
        { """{"name":"x","url":"https://a.example/","quorum":2}""", "quorum", "Must be 1" },
        { """{"name":"x","url":"https://a.example/","degradedAboveMs":0}""", "degradedAboveMs", "between 1 and" },
        { """{"name":"x","type":"heartbeat","regions":["default"]}""", "regions", "heartbeat" },
        { """{"name":"x","type":"heartbeat","quorum":1}""", "quorum", "heartbeat" },
    };

    [Theory]
    [MemberData(nameof(BadRegionFields))]
    public async Task A_bad_region_field_is_refused_naming_it(string body, string field, string saying)
    {
        var response = await _client.PostAsync("/api/v1/monitors", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.True(errors.ContainsKey(field), errors.ToJsonString());
        Assert.Contains(saying, errors[field]![0]!.GetValue<string>(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task An_unknown_region_is_named_with_the_regions_there_are()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "x", url = Url, regions = new[] { "mars" } });

        var message = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["regions"]![0]!.GetValue<string>();
        Assert.Contains("'mars'", message);
        Assert.Contains("default, ap, eu, us", message);
    }

    [Fact]
    public async Task A_patch_of_the_regions_alone_takes_the_majority_of_the_new_ones_and_other_patches_keep_them()
    {
        var monitor = await CreateAsync(new { name = "patched", url = Url });

        var widened = await (await PatchAsync(monitor.Id, """{"regions":["default","eu","us"]}""")).ReadAsync<MonitorResponse>();
        Assert.Equal(["default", "eu", "us"], widened.Regions);
        Assert.Equal(2, widened.Quorum);

        var strict = await (await PatchAsync(monitor.Id, """{"quorum":3,"degradedAboveMs":500}""")).ReadAsync<MonitorResponse>();
        var renamed = await (await PatchAsync(monitor.Id, """{"name":"renamed"}""")).ReadAsync<MonitorResponse>();
        Assert.Equal(["default", "eu", "us"], renamed.Regions);
        Assert.Equal((3, 500), (renamed.Quorum, renamed.DegradedAboveMs));
        Assert.Equal(3, strict.Quorum);

        var tooFew = await PatchAsync(monitor.Id, """{"regions":["eu"],"quorum":3}""");
        Assert.Equal(HttpStatusCode.BadRequest, tooFew.StatusCode);

        var back = await (await PatchAsync(monitor.Id, """{"regions":null,"degradedAboveMs":null}""")).ReadAsync<MonitorResponse>();
        Assert.Equal(["default"], back.Regions);
        Assert.Equal((1, null), (back.Quorum, back.DegradedAboveMs));
    }

    [Fact]
    public async Task A_heartbeat_has_no_regions_and_its_document_can_be_sent_back_as_it_is()
    {
        var heartbeat = await CreateAsync(new { name = "nightly", type = "heartbeat", intervalSeconds = 3600 });
        Assert.Empty(heartbeat.Regions);
        Assert.Null(heartbeat.Quorum);

        var shown = await _client.GetStringAsync($"/api/v1/monitors/{heartbeat.Id}");
        var replaced = await _client.PutAsync($"/api/v1/monitors/{heartbeat.Id}", new StringContent(shown, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PatchAsync(heartbeat.Id, """{"intervalSeconds":600}""")).StatusCode);
    }

    [Fact]
    public async Task History_shows_each_check_s_region_and_filters_by_one()
    {
        var monitor = await CreateAsync(new { name = "history", url = Url, regions = new[] { "default", "eu" } });
        var at = DateTime.UtcNow.AddMinutes(-5);
        await AddResultsAsync(monitor.Id, ("default", at.AddSeconds(-1), CheckStatus.Up), ("eu", at, CheckStatus.Down), ("eu", at.AddMinutes(1), CheckStatus.Down));

        var all = await (await _client.GetAsync($"/api/v1/monitors/{monitor.Id}/history")).ReadAsync<Page<CheckResultResponse>>();
        var eu = await (await _client.GetAsync($"/api/v1/monitors/{monitor.Id}/history?region=eu")).ReadAsync<Page<CheckResultResponse>>();

        Assert.Equal(["eu", "eu", "default"], all.Items.Select(i => i.Region));
        Assert.Equal(2, eu.Items.Count);
        Assert.All(eu.Items, i => Assert.Equal(("eu", CheckStatus.Down), (i.Region, i.Status)));
        var bad = await _client.GetAsync($"/api/v1/monitors/{monitor.Id}/history?region=Not_A_Region");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.NotNull(JsonNode.Parse(await bad.Content.ReadAsStringAsync())!["errors"]!["region"]);
    }

    [Fact]
    public async Task History_pages_across_two_days_partitions_in_order_with_no_result_twice_or_missed()
    {
        var created = await CreateAsync(new { name = "two days", url = Url, regions = new[] { "default", "eu" } });
        // Across the next UTC midnight: today's partition and tomorrow's, both made ahead by the migration.
        var midnight = DailyRollup.DayOf(DateTime.UtcNow).AddDays(1);
        var seeded = Enumerable.Range(-5, 10)
            .SelectMany(i => new[] { "default", "eu" }.Select(region => new StoredResult(created.Id, midnight.AddSeconds(30 * i), CheckStatus.Up, Region: region)))
            .ToArray();
        await StoredResult.AddAsync(api.Database, seeded);
        await using (var db = api.Database.CreateDbContext())
        {
            var partitions = await db.Database.SqlQuery<long>(
                $"SELECT count(DISTINCT r.tableoid) AS \"Value\" FROM check_results r JOIN monitors m ON m.number = r.monitor WHERE m.id = {created.Id}").SingleAsync();
            Assert.Equal(2, partitions);
        }

        var served = new List<CheckResultResponse>();
        string? cursor = null;
        do
        {
            var page = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?limit=3{(cursor is null ? "" : "&cursor=" + cursor)}"))
                .ReadAsync<Page<CheckResultResponse>>();
            Assert.InRange(page.Items.Count, 1, 3);
            served.AddRange(page.Items);
            cursor = page.Next;
        }
        while (cursor is not null && served.Count <= seeded.Length);

        var expected = seeded.OrderByDescending(r => r.ScheduledAt).ThenBy(r => r.Region == "default" ? 0 : 1).ToList();
        Assert.Equal(expected.Select(r => (r.CheckId, r.Region)), served.Select(r => (r.CheckId, r.Region)));
    }

    [Fact]
    public async Task A_monitor_checked_from_several_regions_shows_each_region_s_latest_result()
    {
        var monitor = await CreateAsync(new { name = "latest", url = Url, regions = new[] { "default", "eu", "us" } });
        var single = await CreateAsync(new { name = "single", url = Url });
        var at = DateTime.UtcNow.AddMinutes(-5);
        await AddResultsAsync(monitor.Id, ("eu", at, CheckStatus.Up), ("eu", at.AddMinutes(1), CheckStatus.Down), ("default", at, CheckStatus.Up));
        await AddResultsAsync(single.Id, ("default", at, CheckStatus.Up));

        var shown = await (await _client.GetAsync($"/api/v1/monitors/{monitor.Id}")).ReadAsync<MonitorResponse>();

        Assert.Equal(["default", "eu", "us"], shown.LatestByRegion!.Select(r => r.Region));
        Assert.Equal((CheckStatus?)CheckStatus.Up, shown.LatestByRegion![0].Status);
        Assert.Equal((CheckStatus.Down, "timeout"), (shown.LatestByRegion[1].Status!.Value, shown.LatestByRegion[1].Error));
        Assert.Null(shown.LatestByRegion[2].Status);
        Assert.Null((await (await _client.GetAsync($"/api/v1/monitors/{single.Id}")).ReadAsync<MonitorResponse>()).LatestByRegion);
        var listed = await (await _client.GetAsync("/api/v1/monitors?limit=200")).ReadAsync<Page<MonitorResponse>>();
        Assert.All(listed.Items, m => Assert.Null(m.LatestByRegion));
    }

    [Fact]
    public async Task A_degraded_monitor_shows_degraded_is_listed_by_it_and_counted_apart_from_up()
    {
        var monitor = await CreateAsync(new { name = "slow", url = Url, regions = new[] { "default", "eu", "us" } });
        await using (var db = api.Database.CreateDbContext())
        {
            db.MonitorStatuses.Add(new MonitorStatus
            {
                MonitorId = monitor.Id, State = MonitorState.Degraded, AnnouncedState = MonitorState.Degraded, LastCheckedAt = DateTime.UtcNow,
                LastScheduledAt = DateTime.UtcNow, LastCheckId = Guid.NewGuid(), ConsecutiveImpaired = 1, ConsecutiveNotDown = 1,
            });
            await db.SaveChangesAsync();
        }

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor.Id}"))!;
        Assert.Equal("degraded", (string?)shown["status"]);
        var degraded = await (await _client.GetAsync("/api/v1/monitors?status=degraded")).ReadAsync<Page<MonitorResponse>>();
        Assert.Equal([monitor.Id], degraded.Items.Select(m => m.Id));
        Assert.DoesNotContain(monitor.Id, (await (await _client.GetAsync("/api/v1/monitors?status=up")).ReadAsync<Page<MonitorResponse>>()).Items.Select(m => m.Id));

        await using var context = api.Database.CreateDbContext();
        var counts = await MonitorCounts.ReadAsync(api.Database.DataSource, await ActiveMaintenance.ReadAsync(context, DateTime.UtcNow, default), default);
        Assert.Equal((1, 0), (counts.Degraded, counts.Up));
        Assert.Matches(@"sentinel_monitors\{status=""degraded""\} \d", await api.CreateClient().GetStringAsync("/metrics"));
    }

    private async Task AddResultsAsync(Guid monitorId, params (string Region, DateTime At, CheckStatus Status)[] results)
    {
        await StoredResult.AddAsync(api.Database, results.Select(r => new StoredResult(
            monitorId, r.At, r.Status, 12, Errors: r.Status == CheckStatus.Down ? ["timeout"] : null, Region: r.Region)).ToArray());
    }
}
