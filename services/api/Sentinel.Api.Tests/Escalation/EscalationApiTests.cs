using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Escalation;

/// <summary>Escalation policies, acknowledging an outage, and the one-click acknowledge link, over HTTP.</summary>
public sealed class EscalationApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Route = "/api/v1/escalation-policies";
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<string> ChannelAsync(string name)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/channels", new { name, type = "webhook", config = new { url = "https://hooks.example/" + name } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<JsonNode> CreatePolicyAsync(object body)
    {
        var response = await _client.PostAsJsonAsync(Route, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private async Task<JsonObject> ErrorsOfAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
    }

    private async Task<string> MonitorAsync(object? extra = null)
    {
        var body = JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(new { name = "shop", url = "https://shop.example/" }))!.AsObject();
        foreach (var (field, value) in JsonNode.Parse(System.Text.Json.JsonSerializer.Serialize(extra ?? new { }))!.AsObject())
        {
            body[field] = value?.DeepClone();
        }

        var response = await _client.PostAsJsonAsync("/api/v1/monitors", body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    /// <summary>The monitor goes down as the recorder records it; the DOWN transition's id.</summary>
    private async Task<Guid> GoesDownAsync(string monitorId)
    {
        await using var db = api.Database.CreateDbContext();
        var transition = new StatusTransition
        {
            Id = Guid.CreateVersion7(), MonitorId = Guid.Parse(monitorId), CheckId = Guid.NewGuid(), PreviousState = MonitorState.Up,
            State = MonitorState.Down, ChangedAt = DateTime.UtcNow, Error = "connection refused",
        };
        db.StatusTransitions.Add(transition);
        if (await db.MonitorStatuses.AnyAsync(s => s.MonitorId == transition.MonitorId))
        {
            await db.MonitorStatuses.Where(s => s.MonitorId == transition.MonitorId).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, MonitorState.Down));
        }
        else
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = transition.MonitorId, State = MonitorState.Down, LastCheckedAt = DateTime.UtcNow });
        }

        await db.SaveChangesAsync();
        return transition.Id;
    }

    private async Task RecoversAsync(string monitorId)
    {
        await using var db = api.Database.CreateDbContext();
        db.StatusTransitions.Add(new StatusTransition
        {
            Id = Guid.CreateVersion7(), MonitorId = Guid.Parse(monitorId), CheckId = Guid.NewGuid(), PreviousState = MonitorState.Down,
            State = MonitorState.Up, ChangedAt = DateTime.UtcNow,
        });
        await db.MonitorStatuses.Where(s => s.MonitorId == Guid.Parse(monitorId)).ExecuteUpdateAsync(s => s.SetProperty(x => x.State, MonitorState.Up));
        await db.SaveChangesAsync();
    }

    private async Task<string> LinkAsync(string monitorId, Guid transitionId, DateTime expiresAt)
    {
        await using var db = api.Database.CreateDbContext();
        return "/ack/" + AcknowledgeTokens.Create(await AcknowledgeTokens.ReadKeyAsync(db, CancellationToken.None), Guid.Parse(monitorId), transitionId, expiresAt);
    }

    [Fact]
    public async Task A_policy_is_created_read_changed_and_deleted_and_its_monitors_fall_back()
    {
        var first = await ChannelAsync("first");
        var second = await ChannelAsync("second");
        var created = await CreatePolicyAsync(new
        {
            name = "payments on call", description = "page the team, then the lead",
            steps = new object[] { new { delayMinutes = 0, channelIds = new[] { first } }, new { delayMinutes = 15, channelIds = new[] { second } } },
            tags = new[] { "Team:Payments" },
        });
        var id = (string)created["id"]!;
        var monitor = await MonitorAsync(new { escalationPolicyId = id });

        Assert.Equal(15, (int)created["steps"]![1]!["delayMinutes"]!);
        Assert.Equal("team:payments", (string?)created["tags"]![0]);
        Assert.Equal(id, (string?)JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["escalationPolicyId"]);
        Assert.Contains(JsonNode.Parse(await _client.GetStringAsync(Route))!["items"]!.AsArray(), p => (string?)p!["id"] == id);

        var patched = await _client.PatchAsync($"{Route}/{id}", new StringContent("""{"description":null}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        var got = JsonNode.Parse(await _client.GetStringAsync($"{Route}/{id}"))!;
        Assert.Null(got["description"]);
        Assert.Equal(2, got["steps"]!.AsArray().Count);
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsJsonAsync($"{Route}/{id}", got)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"{Route}/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"{Route}/{id}")).StatusCode);
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["escalationPolicyId"]);
    }

    [Fact]
    public async Task A_bad_policy_is_refused_naming_each_field()
    {
        var channel = await ChannelAsync("bad-policy");
        await CreatePolicyAsync(new { name = "taken", steps = new[] { new { delayMinutes = 0, channelIds = new[] { channel } } } });
        var unknown = Guid.NewGuid();

        var errors = await ErrorsOfAsync(await _client.PostAsJsonAsync(Route, new
        {
            name = "taken",
            steps = new object[]
            {
                new { delayMinutes = 10, channelIds = new[] { channel } },
                new { delayMinutes = 10, channelIds = new[] { channel } },
                new { delayMinutes = 20, channelIds = new[] { unknown.ToString() } },
            },
        }));
        var empty = await ErrorsOfAsync(await _client.PostAsJsonAsync(Route, new { name = "nothing", steps = Array.Empty<object>() }));

        Assert.Contains("Another escalation policy is named 'taken'", (string?)errors["name"]![0]);
        Assert.Contains("later than step 1's 10 minutes", (string?)errors["steps[1].delayMinutes"]![0]);
        Assert.Contains($"No alert channel has id {unknown}", (string?)errors["steps[2].channelIds"]![0]);
        Assert.Contains("1 to 10 steps", (string?)empty["steps"]![0]);
        var monitor = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "x", url = "https://x.example/", escalationPolicyId = unknown });
        Assert.Contains($"No escalation policy has id {unknown}", (string?)(await ErrorsOfAsync(monitor))["escalationPolicyId"]![0]);
    }

    [Fact]
    public async Task Deleting_a_channel_takes_it_off_every_step()
    {
        var kept = await ChannelAsync("kept");
        var gone = await ChannelAsync("gone");
        var policy = await CreatePolicyAsync(new { name = "two channels", steps = new[] { new { delayMinutes = 5, channelIds = new[] { gone, kept } } } });

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/channels/{gone}")).StatusCode);

        var step = JsonNode.Parse(await _client.GetStringAsync($"{Route}/{policy["id"]}"))!["steps"]![0]!;
        Assert.Equal([kept], step["channelIds"]!.AsArray().Select(c => (string)c!));
        Assert.Equal(5, (int)step["delayMinutes"]!);
    }

    [Fact]
    public async Task Acknowledging_shows_on_the_monitor_while_the_outage_lasts_and_twice_is_once()
    {
        var monitor = await MonitorAsync();
        Assert.Equal(HttpStatusCode.Conflict, (await _client.PostAsync($"/api/v1/monitors/{monitor}/acknowledge", null)).StatusCode);
        await GoesDownAsync(monitor);

        var first = await _client.PostAsJsonAsync($"/api/v1/monitors/{monitor}/acknowledge", new { note = "rolling back" });
        var second = await _client.PostAsync($"/api/v1/monitors/{monitor}/acknowledge", null);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["acknowledged"]!;
        Assert.Equal(("a configured API key", "api", "rolling back"), ((string?)shown["by"], (string?)shown["via"], (string?)shown["note"]));
        Assert.Contains(JsonNode.Parse(await _client.GetStringAsync("/api/v1/monitors"))!["items"]!.AsArray(), m => m!["acknowledged"] is not null);

        await RecoversAsync(monitor);
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["acknowledged"]);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/v1/monitors/{Guid.NewGuid()}/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task A_read_key_cannot_acknowledge_or_write_policies()
    {
        var created = await _client.PostAsJsonAsync("/api/v1/keys", new { name = "reader", scope = "read" });
        var reader = api.CreateClient();
        reader.DefaultRequestHeaders.Add("X-API-Key", (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["key"]!);
        var monitor = await MonitorAsync();
        await GoesDownAsync(monitor);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync(Route)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync(Route, new { name = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync($"/api/v1/monitors/{monitor}/acknowledge", null)).StatusCode);
    }

    [Fact]
    public async Task The_link_page_asks_before_it_acknowledges_and_then_says_who_did()
    {
        var monitor = await MonitorAsync();
        var outage = await GoesDownAsync(monitor);
        var link = await LinkAsync(monitor, outage, DateTime.UtcNow.AddHours(1));
        var visitor = api.CreateClient();

        var page = await visitor.GetAsync(link);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        Assert.Contains("shop is down", html);
        Assert.Contains($"action=\"{link}\"", html);
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["acknowledged"]);

        var acknowledged = await visitor.PostAsync(link, null);
        var again = await visitor.PostAsync(link, null);

        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Contains("acknowledged by link", await acknowledged.Content.ReadAsStringAsync());
        Assert.Contains("acknowledged by link", await again.Content.ReadAsStringAsync());
        await using var db = api.Database.CreateDbContext();
        var stored = await db.Acknowledgements.SingleAsync(a => a.MonitorId == Guid.Parse(monitor));
        Assert.Equal((outage, AcknowledgementVia.Link), (stored.TransitionId, stored.Via));
    }

    [Fact]
    public async Task A_forged_expired_or_outdated_link_acknowledges_nothing_and_says_why()
    {
        var monitor = await MonitorAsync();
        var outage = await GoesDownAsync(monitor);
        var good = await LinkAsync(monitor, outage, DateTime.UtcNow.AddHours(1));
        var expiredAt = DateTime.UtcNow.AddMinutes(-5);
        var expired = await LinkAsync(monitor, outage, expiredAt);
        var tampered = good[..^2] + (good[^2] == 'A' ? "B" : "A") + good[^1];
        var foreign = "/ack/" + AcknowledgeTokens.Create(new byte[32], Guid.Parse(monitor), outage, DateTime.UtcNow.AddHours(1));
        var visitor = api.CreateClient();

        foreach (var forged in new[] { tampered, foreign, "/ack/not-a-token" })
        {
            var refused = await visitor.PostAsync(forged, null);
            Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
            Assert.Contains("This acknowledge link is not valid", await refused.Content.ReadAsStringAsync());
        }

        var late = await visitor.PostAsync(expired, null);
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains($"expired at {expiredAt:yyyy-MM-dd HH:mm:ss} UTC", await late.Content.ReadAsStringAsync());
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["acknowledged"]);

        // A genuine link of an outage that is over does not acknowledge the next one.
        await RecoversAsync(monitor);
        await GoesDownAsync(monitor);
        var over = await visitor.PostAsync(good, null);
        Assert.Contains("is over", await over.Content.ReadAsStringAsync());
        Assert.Null(JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor}"))!["acknowledged"]);
    }
}
