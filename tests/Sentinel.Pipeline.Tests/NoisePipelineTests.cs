using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>Less noise through the real system: a shared dependency's outage alerts once, a flapping target twice.</summary>
[Collection(PipelineCollection.Name)]
public sealed class NoisePipelineTests(RunningSystem system)
{
    private readonly HttpClient _api = system.Api;

    private async Task<string> CreateAsync(string path, object body)
    {
        var response = await _api.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor to be {status}\n{system.Logs()}");

    private async Task<JsonElement[]> AlertsAsync(string id) =>
        (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/alerts")).GetProperty("items").EnumerateArray().ToArray();

    private Task AlertsBecomeAsync(string id, string what, Func<JsonElement[], bool> done) =>
        Eventually.Until(() => AlertsAsync(id), done, $"{what}\n{system.Logs()}");

    private static List<string> Titles(WebhookReceiver receiver, string path) =>
        receiver.At(path).Select(r => JsonDocument.Parse(r.Body).RootElement.Str("title")).ToList();

    [Fact]
    public async Task A_parent_and_ten_children_going_down_alert_once_and_a_child_still_down_after_the_parent_recovers_alerts_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var shared = await TestTarget.StartAsync();
        await using var own = await TestTarget.StartAsync();
        var parentChannel = await CreateAsync("/api/v1/channels", new { name = "database team", type = "webhook", config = new { url = receiver.UrlFor("parent") } });
        var childChannel = await CreateAsync("/api/v1/channels", new { name = "app team", type = "webhook", config = new { url = receiver.UrlFor("children") } });
        var parent = await CreateAsync("/api/v1/monitors", new { name = "database", url = shared.Url + "db", intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { parentChannel } });
        var children = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            // The last child has a target of its own, which stays down when the shared one recovers.
            var url = i == 9 ? own.Url : shared.Url + $"app{i}";
            children.Add(await CreateAsync("/api/v1/monitors", new
            {
                name = $"app {i}", url, intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { childChannel }, dependsOn = new[] { parent },
            }));
        }

        foreach (var id in children.Prepend(parent))
        {
            await StatusBecomesAsync(id, "up");
        }

        shared.StatusCode = 503;
        own.StatusCode = 503;
        foreach (var id in children.Prepend(parent))
        {
            await StatusBecomesAsync(id, "down");
        }

        foreach (var child in children)
        {
            await AlertsBecomeAsync(
                child, "the child's DOWN held", a => a.Length == 1 && a[0].Str("state") == "held" && a[0].Str("reason") == "held: parent database down");
        }

        await Eventually.Until(() => Task.FromResult(receiver.At("parent").Count), n => n >= 1, "the parent's DOWN");

        shared.StatusCode = 200;
        await StatusBecomesAsync(parent, "up");
        foreach (var child in children.Take(9))
        {
            await StatusBecomesAsync(child, "up");
            await AlertsBecomeAsync(child, "the child's DOWN and UP withheld", a => a.Length == 2 && a.All(n => n.Str("state") == "withheld"));
        }

        await AlertsBecomeAsync(children[9], "the last child's DOWN sent", a => a.Length == 1 && a[0].Str("state") == "sent");
        await Eventually.Until(() => Task.FromResult(receiver.At("parent").Count), n => n >= 2, "the parent's UP");

        Assert.Equal(["DOWN: database", "UP: database"], Titles(receiver, "parent"));
        Assert.Equal(["DOWN: app 9"], Titles(receiver, "children"));
        var withheld = await AlertsAsync(children[0]);
        Assert.Contains(withheld, a => a.Str("kind") == "down" && a.Str("reason") == "not sent: recovered while parent database was down");
    }

    [Fact]
    public async Task A_target_flipping_on_every_check_is_told_once_as_flapping_and_once_as_settled()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var channel = await CreateAsync("/api/v1/channels", new { name = "flaps", type = "webhook", config = new { url = receiver.UrlFor("flaps") } });
        var id = await CreateAsync("/api/v1/monitors", new
        {
            name = "flaky", url = target.Url, intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { channel }, flappingChanges = 2, flappingMinutes = 1,
        });
        await StatusBecomesAsync(id, "up");

        target.Alternate = true;
        await Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.GetProperty("flapping").GetBoolean(), $"the monitor to be flapping\n{system.Logs()}");
        // Twenty more checks, each a change, none told on its own: the flapping lasts as many checks as a test may wait for.
        var monitorId = Guid.Parse(id);
        int Changes()
        {
            using var db = system.Database.CreateDbContext();
            return db.StatusTransitions.Count(t => t.MonitorId == monitorId);
        }

        var flapped = Changes();
        await Eventually.Until(() => Task.FromResult(Changes()), n => n >= flapped + 20, $"twenty more changes\n{system.Logs()}");
        target.Alternate = false;
        await StatusBecomesAsync(id, "up");

        // A minute without a change, without waiting for it: the recorded changes move back by it.
        await using (var db = system.Database.CreateDbContext())
        {
            await db.StatusTransitions.Where(t => t.MonitorId == monitorId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ChangedAt, t => t.ChangedAt.AddMinutes(-1)));
            await db.FlappingPeriods.Where(p => p.MonitorId == monitorId).ExecuteUpdateAsync(s => s.SetProperty(p => p.StartedAt, p => p.StartedAt.AddMinutes(-1)));
        }

        await Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => !m.GetProperty("flapping").GetBoolean(), $"the monitor to settle\n{system.Logs()}");
        await AlertsBecomeAsync(id, "every notice sent", a => a.Any(n => n.Str("kind") == "flappingSettled") && a.All(n => n.Str("state") == "sent"));

        var titles = Titles(receiver, "flaps");
        Assert.Equal(["DOWN: flaky", "UP: flaky", "FLAPPING: flaky", "SETTLED UP: flaky"], titles);
    }
}
