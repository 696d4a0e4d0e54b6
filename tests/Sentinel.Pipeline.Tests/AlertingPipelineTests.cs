using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>A target going down and coming back, told to every channel exactly once, through the real system.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AlertingPipelineTests(RunningSystem system)
{
    private readonly HttpClient _api = system.Api;

    private async Task<string> CreateChannelAsync(object body)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/channels", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor to be {status}\n{system.Logs()}");

    private async Task<JsonElement[]> AlertsAsync(string id) =>
        (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/alerts")).GetProperty("items").EnumerateArray().ToArray();

    /// <summary>
    /// Waits until the monitor has <paramref name="count"/> deliveries, each sent or failed for good: from then on the
    /// alerter sends nothing more for them, so what the channels have received is all they will receive.
    /// </summary>
    private Task<JsonElement[]> DeliveriesFinishAsync(string id, int count) =>
        Eventually.Until(
            () => AlertsAsync(id), alerts => alerts.Length >= count && alerts.All(a => a.Str("state") is "sent" or "failed"),
            $"{count} finished deliveries\n{system.Logs()}");

    private Task<int> ReceivedAsync(WebhookReceiver receiver, string path, int count) =>
        Eventually.Until(() => Task.FromResult(receiver.At(path).Count), n => n >= count, $"{count} notices at /{path}\n{system.Logs()}");

    [Fact]
    public async Task Down_and_up_reach_each_channel_once_across_an_alerter_restart_and_a_redelivered_transition()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var channels = new[]
        {
            await CreateChannelAsync(new { name = "slack", type = "slack", config = new { webhookUrl = receiver.UrlFor("slack") } }),
            await CreateChannelAsync(new { name = "discord", type = "discord", config = new { webhookUrl = receiver.UrlFor("discord") } }),
            await CreateChannelAsync(new { name = "hook", type = "webhook", config = new { url = receiver.UrlFor("hook") } }),
            await CreateChannelAsync(new { name = "mail", type = "email", config = new { to = new[] { "ops@example.com" } } }),
            await CreateChannelAsync(new { name = "flaky", type = "webhook", config = new { url = receiver.UrlFor("flaky") } }),
            await CreateChannelAsync(new { name = "broken", type = "slack", config = new { webhookUrl = receiver.UrlFor("broken") } }),
        };
        receiver.Answer("flaky", 500, 500);
        receiver.Answer("broken", 404, 404);
        var mailsBefore = system.Smtp.Messages().Count;

        var created = await _api.PostAsJsonAsync("/api/v1/monitors", new { name = "shop", url = target.Url, intervalSeconds = 1, timeoutSeconds = 1, channelIds = channels });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        await StatusBecomesAsync(id, "up");

        target.StatusCode = 503;
        await StatusBecomesAsync(id, "down");
        foreach (var path in new[] { "slack", "discord", "hook", "broken" })
        {
            await ReceivedAsync(receiver, path, 1);
        }

        await ReceivedAsync(receiver, "flaky", 3);
        await Eventually.Until(() => Task.FromResult(system.Smtp.Messages().Count - mailsBefore), n => n >= 1, "the DOWN email");

        // A crash of the alerter, once it has recorded the outcome of every DOWN notice (a crash between a send and
        // its record would rightly send again), and the broker handing the same transition over again.
        await DeliveriesFinishAsync(id, channels.Length);
        await system.RestartAsync("alerter");
        await using (var db = system.Database.CreateDbContext())
        {
            var down = await db.StatusTransitions.SingleAsync(t => t.MonitorId == Guid.Parse(id) && t.State == MonitorState.Down);
            await system.PublishAsync(new MonitorStatusChanged
            {
                TransitionId = down.Id, MonitorId = down.MonitorId, PreviousState = down.PreviousState, State = down.State,
                CheckId = down.CheckId, ChangedAt = down.ChangedAt, Error = down.Error, StatusCode = down.StatusCode, LatencyMs = down.LatencyMs,
            });
        }

        target.StatusCode = 200;
        await StatusBecomesAsync(id, "up");
        foreach (var path in new[] { "slack", "discord", "hook", "broken" })
        {
            await ReceivedAsync(receiver, path, 2);
        }

        await ReceivedAsync(receiver, "flaky", 4);
        await Eventually.Until(() => Task.FromResult(system.Smtp.Messages().Count - mailsBefore), n => n >= 2, "the UP email");
        // The redelivered transition reached the alerter's queue before the UP one existed, and the one alerter takes
        // its queue in order: it had the redelivery in hand before the UP transition, whose notices have all finished.
        await DeliveriesFinishAsync(id, 2 * channels.Length);

        foreach (var path in new[] { "slack", "discord", "hook" })
        {
            var bodies = receiver.At(path).Select(r => r.Body).ToList();
            Assert.Equal(2, bodies.Count);
            Assert.Contains("DOWN: shop", bodies[0]);
            Assert.Contains("UP: shop", bodies[1]);
        }

        Assert.Equal([500, 500, 200, 200], receiver.At("flaky").Select(r => r.AnsweredWith));
        Assert.Equal([404, 404], receiver.At("broken").Select(r => r.AnsweredWith));
        var mails = system.Smtp.Messages().Skip(mailsBefore).Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m)))).ToList();
        Assert.Equal(["[Sentinel] DOWN: shop", "[Sentinel] UP: shop"], mails.Select(m => m.Subject));

        var alerts = await AlertsAsync(id);
        Assert.Equal(12, alerts.Length);
        Assert.All(alerts.Where(a => a.Str("channelName") != "broken"), a => Assert.Equal("sent", a.Str("state")));
        Assert.All(alerts.Where(a => a.Str("channelName") == "broken"), a =>
        {
            Assert.Equal("failed", a.Str("state"));
            Assert.StartsWith("404", a.Str("lastError"));
        });
        Assert.Contains(alerts, a => a.Str("channelName") == "flaky" && a.Str("kind") == "down" && a.GetProperty("attempts").GetInt32() == 3);
    }

    [Fact]
    public async Task A_channel_test_goes_through_the_alerter_and_reports_the_outcome()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var good = await CreateChannelAsync(new { name = "test-good", type = "discord", config = new { webhookUrl = receiver.UrlFor("good") } });
        var bad = await CreateChannelAsync(new { name = "test-bad", type = "webhook", config = new { url = receiver.UrlFor("bad") } });
        receiver.Answer("bad", 410);

        var passed = await (await _api.PostAsync($"/api/v1/channels/{good}/test", null)).Content.ReadFromJsonAsync<JsonElement>();
        var failed = await (await _api.PostAsync($"/api/v1/channels/{bad}/test", null)).Content.ReadFromJsonAsync<JsonElement>();

        Assert.True(passed.GetProperty("succeeded").GetBoolean());
        Assert.Contains("TEST DOWN", Assert.Single(receiver.At("good")).Body);
        Assert.False(failed.GetProperty("succeeded").GetBoolean());
        Assert.StartsWith("410", failed.Str("error"));
    }
}
