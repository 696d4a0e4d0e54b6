using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

public sealed class ListFilterTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<string> CreateAsync(string name, string[] tags, bool enabled = true)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name, url = "https://a.example/", tags, enabled });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<string[]> NamesAsync(string query) =>
        JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors?limit=1000&{query}"))!["items"]!.AsArray().Select(m => (string)m!["name"]!).ToArray();

    [Fact]
    public async Task Monitors_filter_by_status_name_and_tag()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var up = await CreateAsync($"checkout-{suffix}", ["team:payments", "PROD"]);
        var down = await CreateAsync($"search-{suffix}", ["team:search", "prod"]);
        await CreateAsync($"paused-{suffix}", ["team:payments"], enabled: false);
        await CreateAsync($"100%_{suffix}", []);
        await using (var db = api.Database.CreateDbContext())
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = Guid.Parse(up), State = MonitorState.Up });
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = Guid.Parse(down), State = MonitorState.Down });
            await db.SaveChangesAsync();
        }

        Assert.Equal([$"checkout-{suffix}"], await NamesAsync($"status=up&name={suffix}"));
        Assert.Equal([$"search-{suffix}"], await NamesAsync($"status=down&name={suffix}"));
        Assert.Equal([$"paused-{suffix}"], await NamesAsync($"status=paused&name={suffix}"));
        Assert.Equal([$"100%_{suffix}"], await NamesAsync($"status=pending&name={suffix}"));
        Assert.Equal([$"checkout-{suffix}", $"search-{suffix}"], await NamesAsync($"tag=prod&name={suffix}"));
        Assert.Equal([$"checkout-{suffix}", $"paused-{suffix}"], await NamesAsync($"tag=team:payments&name={suffix}"));
        Assert.Equal([$"100%_{suffix}"], await NamesAsync($"name={Uri.EscapeDataString("100%_")}{suffix}"));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/monitors?status=sideways")).StatusCode);
    }
}
