using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests.Maintenance;

/// <summary>A maintenance window over a failing target, and its notices, through the real system.</summary>
[Collection(PipelineCollection.Name)]
public sealed class MaintenancePipelineTests(RunningSystem system)
{
    private readonly HttpClient _api = system.Api;

    private static string Iso(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");

    private async Task<string> CreateAsync(string route, object body)
    {
        var response = await _api.PostAsJsonAsync(route, body);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    /// <summary>Ends the window a moment from now: results due from then on are no longer in maintenance.</summary>
    private async Task EndSoonAsync(string windowId)
    {
        var patch = new StringContent($$"""{"endsAt":"{{Iso(DateTime.UtcNow.AddSeconds(1))}}"}""", Encoding.UTF8, "application/merge-patch+json");
        var response = await _api.PatchAsync($"/api/v1/maintenance-windows/{windowId}", patch);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor to be {status}\n{system.Logs()}");

    private Task<int> ReceivedAsync(WebhookReceiver receiver, string path, int count) =>
        Eventually.Until(() => Task.FromResult(receiver.At(path).Count), n => n >= count, $"{count} notices at /{path}\n{system.Logs()}");

    private static string Event(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement.GetProperty("event").GetString()!;

    [Fact]
    public async Task A_target_failing_in_a_window_alerts_no_one_and_still_down_after_it_alerts_down_once()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var channel = await CreateAsync("/api/v1/channels", new { name = "maint-hook", type = "webhook", config = new { url = receiver.UrlFor("maint-hook") } });
        var id = await CreateAsync("/api/v1/monitors", new { name = "db-primary", url = target.Url, intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { channel } });
        await StatusBecomesAsync(id, "up");

        var now = DateTime.UtcNow;
        var window = await CreateAsync("/api/v1/maintenance-windows", new
        {
            name = "failover drill", startsAt = Iso(now.AddMinutes(-1)), endsAt = Iso(now.AddHours(1)), monitorIds = new[] { id },
        });
        await StatusBecomesAsync(id, "maintenance");
        target.StatusCode = 503;
        // The recorder has taken the monitor down, in maintenance: the change an alert would otherwise have been sent for.
        var monitorId = Guid.Parse(id);
        await Eventually.Until(
            async () =>
            {
                await using var db = system.Database.CreateDbContext();
                return await db.StatusTransitions.AnyAsync(t => t.MonitorId == monitorId && t.State == MonitorState.Down && t.Maintenance);
            },
            down => down, $"a down transition in maintenance\n{system.Logs()}");
        Assert.Equal("maintenance", (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}")).Str("status"));

        await EndSoonAsync(window);
        await StatusBecomesAsync(id, "down");
        await ReceivedAsync(receiver, "maint-hook", 1);
        var alerts = await Eventually.Until(
            async () => (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/alerts")).GetProperty("items").EnumerateArray().ToArray(),
            items => items.Length >= 1 && items.All(a => a.Str("state") is "sent" or "failed"), $"the DOWN alert to finish\n{system.Logs()}");

        await using (var db = system.Database.CreateDbContext())
        {
            var all = await db.StatusTransitions.Where(t => t.MonitorId == monitorId).OrderBy(t => t.ChangedAt).ToListAsync();
            var results = await db.RecordedChecks.Where(r => r.MonitorId == monitorId).OrderBy(r => r.ScheduledAt).ToListAsync();
            Assert.True(alerts.Length == 1, string.Join("\n", all.Select(t => $"{t.Id} {t.PreviousState}->{t.State} m={t.Maintenance} {t.ChangedAt:O}"))
                + "\n" + string.Join("\n", results.Select(r => $"{r.ScheduledAt:O} {r.CheckedAt:O} {r.Status} m={r.Maintenance}")));
        }

        var alert = Assert.Single(alerts);
        Assert.Equal(("down", "sent"), (alert.Str("kind"), alert.Str("state")));
        var notice = Assert.Single(receiver.At("maint-hook"));
        Assert.Equal("monitor.down", Event(notice));
        await using (var db = system.Database.CreateDbContext())
        {
            var announced = await db.StatusTransitions.Where(t => t.MonitorId == monitorId && !t.Maintenance).OrderBy(t => t.ChangedAt).ToListAsync();
            Assert.Equal([(MonitorState.Pending, MonitorState.Up), (MonitorState.Up, MonitorState.Down)], announced.Select(t => (t.PreviousState, t.State)));
            Assert.Equal(announced[1].Id.ToString(), alert.Str("transitionId"));

            // Uptime leaves the window out: the rollups hold exactly the results not taken in maintenance, read in one
            // snapshot as the recorder writes both in one transaction.
            var counts = await db.Database.SqlQuery<RollupAndResults>($"""
                SELECT (SELECT coalesce(sum(checks), 0)::bigint FROM check_rollups WHERE monitor_id = {monitorId}) AS in_rollups,
                       (SELECT count(*) FROM check_history WHERE monitor_id = {monitorId} AND NOT maintenance) AS unmarked,
                       (SELECT count(*) FROM check_history WHERE monitor_id = {monitorId} AND maintenance) AS marked
                """).SingleAsync();
            Assert.True(counts.Marked > 0);
            Assert.Equal(counts.Unmarked, counts.InRollups);
        }

        var history = (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/history?limit=1000")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Contains(history, h => h.GetProperty("maintenance").GetBoolean() && h.Str("status") == "down");
        await _api.DeleteAsync($"/api/v1/monitors/{id}");
    }

    private sealed record RollupAndResults(long InRollups, long Unmarked, long Marked);

    [Fact]
    public async Task A_window_with_notice_channels_tells_them_once_when_it_starts_and_once_when_it_ends()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var channel = await CreateAsync("/api/v1/channels", new { name = "maint-notices", type = "webhook", config = new { url = receiver.UrlFor("notices") } });
        var now = DateTime.UtcNow;
        // Covers a tag no monitor has: the notices are the window's own, whatever it covers.
        var window = await CreateAsync("/api/v1/maintenance-windows", new
        {
            name = "network change", startsAt = Iso(now.AddMinutes(-1)), endsAt = Iso(now.AddHours(1)), tags = new[] { "no-such-monitor" },
            notifyChannelIds = new[] { channel },
        });

        await ReceivedAsync(receiver, "notices", 1);
        await EndSoonAsync(window);
        await ReceivedAsync(receiver, "notices", 2);

        var notices = receiver.At("notices");
        Assert.Equal(["maintenance.started", "maintenance.ended"], notices.Select(Event));
        Assert.All(notices, n => Assert.Contains("network change", n.Body));
        await using var db = system.Database.CreateDbContext();
        var deliveries = await db.NotificationDeliveries.Where(d => d.ChannelId == Guid.Parse(channel)).ToListAsync();
        Assert.Equal(2, deliveries.Count);
    }
}
