using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>
/// Escalation and acknowledgement through the real system. "After N minutes" is reached by moving the outage's start
/// back in the database, and a sweep is known to have run by a notice it sends, never by waiting.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed partial class EscalationPipelineTests(RunningSystem system)
{
    /// <summary>The api's public address the alerter is given (<c>Alerter:PublicUrl</c>).</summary>
    public const string PublicUrl = "https://sentinel.example";

    private readonly HttpClient _api = system.Api;

    private async Task<string> CreateAsync(string route, object body)
    {
        var response = await _api.PostAsJsonAsync(route, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    private Task<string> SlackAsync(WebhookReceiver receiver, string name) =>
        CreateAsync("/api/v1/channels", new { name, type = "slack", config = new { webhookUrl = receiver.UrlFor(name) } });

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor to be {status}\n{system.Logs()}");

    private Task<List<string>> NoticesAsync(WebhookReceiver receiver, string path, int count, string containing) =>
        Eventually.Until(
            () => Task.FromResult(receiver.At(path).Select(r => r.Body).Where(b => b.Contains(containing, StringComparison.Ordinal)).ToList()),
            bodies => bodies.Count >= count, $"{count} notices containing '{containing}' at /{path}\n{system.Logs()}");

    /// <summary>A monitor of a target that is up, then down; returns once the monitor is down.</summary>
    private async Task<string> MonitorGoesDownAsync(TestTarget target, string name, object extra)
    {
        var body = JsonSerializer.SerializeToNode(new { name, url = target.Url, intervalSeconds = 1, timeoutSeconds = 1 })!.AsObject();
        foreach (var (field, value) in JsonSerializer.SerializeToNode(extra)!.AsObject())
        {
            body[field] = value?.DeepClone();
        }

        var id = await CreateAsync("/api/v1/monitors", body);
        await StatusBecomesAsync(id, "up");
        target.StatusCode = 503;
        await StatusBecomesAsync(id, "down");
        return id;
    }

    /// <summary>
    /// Moves each monitor's history back so its current outage started <paramref name="ago"/>, in the order given: every
    /// transition by the same span, so the UP before the outage stays before it.
    /// </summary>
    private async Task DownForAsync(TimeSpan ago, params string[] monitorIds)
    {
        await using var db = system.Database.CreateDbContext();
        foreach (var id in monitorIds.Select(Guid.Parse))
        {
            var down = await db.StatusTransitions.Where(t => t.MonitorId == id).OrderByDescending(t => t.ChangedAt).FirstAsync();
            var shift = DateTime.UtcNow - ago - down.ChangedAt;
            await db.StatusTransitions.Where(t => t.MonitorId == id).ExecuteUpdateAsync(s => s.SetProperty(t => t.ChangedAt, t => t.ChangedAt + shift));
        }
    }

    [Fact]
    public async Task The_second_step_is_told_only_once_its_delay_has_passed()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var own = await SlackAsync(receiver, "step-own");
        var first = await SlackAsync(receiver, "step-first");
        var second = await SlackAsync(receiver, "step-second");
        var policy = await CreateAsync("/api/v1/escalation-policies", new
        {
            name = "two steps",
            steps = new object[] { new { delayMinutes = 0, channelIds = new[] { first } }, new { delayMinutes = 10, channelIds = new[] { second } } },
        });

        var id = await MonitorGoesDownAsync(target, "steps", new { channelIds = new[] { own }, reminderIntervalMinutes = 5, escalationPolicyId = policy });
        await NoticesAsync(receiver, "step-own", 1, "DOWN: steps");
        await NoticesAsync(receiver, "step-first", 1, "ESCALATED: steps");

        // Six minutes in: the reminder shows a sweep saw the outage that old, and the second step is not yet due.
        await DownForAsync(TimeSpan.FromMinutes(6), id);
        await NoticesAsync(receiver, "step-own", 1, "STILL DOWN: steps");
        Assert.Empty(receiver.At("step-second"));

        await DownForAsync(TimeSpan.FromMinutes(11), id);
        var escalated = await NoticesAsync(receiver, "step-second", 1, "ESCALATED: steps");
        Assert.Contains("step 2: not acknowledged after 10 min", escalated[0]);
        await NoticesAsync(receiver, "step-own", 2, "STILL DOWN: steps");
        Assert.Single(receiver.At("step-second"));
        Assert.Single(receiver.At("step-first"));

        // Recovery reaches everyone told: the monitor's channel and both steps'.
        target.StatusCode = 200;
        await StatusBecomesAsync(id, "up");
        foreach (var path in new[] { "step-own", "step-first", "step-second" })
        {
            await NoticesAsync(receiver, path, 1, "UP: steps");
        }
    }

    [Fact]
    public async Task Acknowledging_through_the_signed_link_stops_the_next_step()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var acknowledgedTarget = await TestTarget.StartAsync();
        await using var ignoredTarget = await TestTarget.StartAsync();
        var first = await SlackAsync(receiver, "ack-first");
        var second = await SlackAsync(receiver, "ack-second");
        var policy = await CreateAsync("/api/v1/escalation-policies", new
        {
            name = "acknowledged or not",
            steps = new object[] { new { delayMinutes = 0, channelIds = new[] { first } }, new { delayMinutes = 10, channelIds = new[] { second } } },
        });
        var acknowledged = await MonitorGoesDownAsync(acknowledgedTarget, "seen", new { escalationPolicyId = policy });
        var ignored = await MonitorGoesDownAsync(ignoredTarget, "unseen", new { escalationPolicyId = policy });

        var notice = (await NoticesAsync(receiver, "ack-first", 1, "ESCALATED: seen"))[0];
        var link = AcknowledgeLink().Match(notice);
        Assert.True(link.Success, $"an acknowledge link in {notice}");
        var path = $"/ack/{link.Groups[1].Value}";
        using var visitor = new HttpClient { BaseAddress = _api.BaseAddress };
        var page = await visitor.GetStringAsync(path);
        Assert.True(page.Contains("seen is down", StringComparison.Ordinal), page);
        Assert.Equal(JsonValueKind.Null, (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{acknowledged}")).GetProperty("acknowledged").ValueKind);
        var done = await visitor.PostAsync(path, null);
        Assert.Contains("acknowledged by link", await done.Content.ReadAsStringAsync());

        await DownForAsync(TimeSpan.FromMinutes(11), acknowledged, ignored);

        // The unacknowledged one's step shows a sweep ran past the delay for both.
        await NoticesAsync(receiver, "ack-second", 1, "ESCALATED: unseen");
        Assert.DoesNotContain(receiver.At("ack-second"), r => r.Body.Contains("ESCALATED: seen", StringComparison.Ordinal));
        var shown = (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{acknowledged}")).GetProperty("acknowledged");
        Assert.Equal(("link", "link"), (shown.Str("by"), shown.Str("via")));
    }

    [Fact]
    public async Task A_forged_or_expired_link_is_refused_and_says_so()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var own = await SlackAsync(receiver, "refused-own");
        var id = await MonitorGoesDownAsync(target, "refused", new { channelIds = new[] { own } });
        var token = AcknowledgeLink().Match((await NoticesAsync(receiver, "refused-own", 1, "DOWN: refused"))[0]).Groups[1].Value;
        var forged = token[..^2] + (token[^2] == 'A' ? "B" : "A") + token[^1];
        string expired;
        var expiredAt = DateTime.UtcNow.AddMinutes(-1);
        await using (var db = system.Database.CreateDbContext())
        {
            var outage = await db.StatusTransitions.Where(t => t.MonitorId == Guid.Parse(id) && t.State == MonitorState.Down).Select(t => t.Id).SingleAsync();
            expired = AcknowledgeTokens.Create(await AcknowledgeTokens.ReadKeyAsync(db, CancellationToken.None), Guid.Parse(id), outage, expiredAt);
        }

        using var visitor = new HttpClient { BaseAddress = _api.BaseAddress };
        var refused = await visitor.PostAsync($"/ack/{forged}", null);
        var late = await visitor.PostAsync($"/ack/{expired}", null);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("This acknowledge link is not valid", await refused.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Gone, late.StatusCode);
        Assert.Contains($"expired at {expiredAt:yyyy-MM-dd HH:mm:ss} UTC", await late.Content.ReadAsStringAsync());
        Assert.Equal(JsonValueKind.Null, (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}")).GetProperty("acknowledged").ValueKind);
    }

    [GeneratedRegex(@"https://sentinel\.example/ack/([A-Za-z0-9_-]+)")]
    private static partial Regex AcknowledgeLink();
}
