using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Alertmanager;
using Sentinel.Checks;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class AlertmanagerChannelTests(AlerterHarness alerter) : IClassFixture<AlerterHarness>
{
    private static readonly Notification Down = PagerDutyChannelTests.Down;
    private static readonly Notification Up = PagerDutyChannelTests.Up;

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private static readonly AlertmanagerChannel Formatting = new() { Url = "http://alertmanager:9093", DashboardUrl = "https://sentinel.example" };

    private async Task<MonitorDefinition> TaggedMonitorAsync(IEnumerable<AlertChannel> channels, bool sendOnResolved = true)
    {
        var monitor = await alerter.AddMonitorAsync(channels, sendOnResolved);
        await using var db = alerter.Database.CreateDbContext();
        var stored = await db.Monitors.SingleAsync(m => m.Id == monitor.Id);
        stored.Tags = ["eu", "prod"];
        await db.SaveChangesAsync();
        return stored;
    }

    /// <summary>The monitor's status row as the recorder keeps it.</summary>
    private async Task StatusAsync(MonitorDefinition monitor, MonitorState state)
    {
        await using var db = alerter.Database.CreateDbContext();
        db.MonitorStatuses.Add(new MonitorStatus { MonitorId = monitor.Id, State = state, AnnouncedState = state, LastCheckedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }

    private async Task RepeatAsync()
    {
        var repeats = alerter.Services.GetServices<IHostedService>().OfType<DownAlertRepeats>().Single();
        await Task.WhenAll(await repeats.RepeatAsync(CancellationToken.None));
    }

    [Fact]
    public void A_down_fires_an_alert_labelled_by_monitor_tags_and_outage_and_an_up_ends_the_same_alert()
    {
        var firing = Assert.Single(Json(AlertmanagerSender.Payload(Down, Formatting)).EnumerateArray());

        var labels = firing.GetProperty("labels");
        Assert.Equal("SentinelMonitorDown", labels.GetProperty("alertname").GetString());
        Assert.Equal("checkout", labels.GetProperty("monitor").GetString());
        Assert.Equal(Down.MonitorId.ToString(), labels.GetProperty("monitor_id").GetString());
        Assert.Equal("eu,prod", labels.GetProperty("tags").GetString());
        Assert.Equal(Down.IncidentName, labels.GetProperty("incident").GetString());
        Assert.Equal("DOWN: checkout", firing.GetProperty("annotations").GetProperty("summary").GetString());
        Assert.Contains("Error: unexpected status code 503", firing.GetProperty("annotations").GetProperty("description").GetString());
        Assert.Equal(Down.DownSince, firing.GetProperty("startsAt").GetDateTime().ToUniversalTime());
        Assert.False(firing.TryGetProperty("endsAt", out _));
        Assert.Equal($"https://sentinel.example/monitors/{Down.MonitorId}", firing.GetProperty("generatorURL").GetString());

        var resolved = Assert.Single(Json(AlertmanagerSender.Payload(Up, Formatting)).EnumerateArray());
        Assert.Equal(labels.ToString(), resolved.GetProperty("labels").ToString());
        Assert.Equal(Down.DownSince, resolved.GetProperty("startsAt").GetDateTime().ToUniversalTime());
        Assert.Equal(Up.ChangedAt, resolved.GetProperty("endsAt").GetDateTime().ToUniversalTime());

        Assert.False(Json(AlertmanagerSender.Payload(Down, Formatting with { DashboardUrl = null }))[0].TryGetProperty("generatorURL", out _));
    }

    [Fact]
    public async Task The_alert_is_posted_as_a_json_array_to_api_v2_alerts_under_the_url()
    {
        var sender = alerter.Services.GetRequiredService<AlertmanagerSender>();

        await sender.SendAsync(Down, new AlertmanagerChannel { Url = alerter.Receiver.UrlFor("prefix") }, CancellationToken.None);

        var request = Assert.Single(alerter.Receiver.At("prefix/api/v2/alerts"));
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(JsonValueKind.Array, JsonDocument.Parse(request.Body).RootElement.ValueKind);
    }

    [Fact]
    public void Bad_settings_are_refused_by_field_and_the_url_is_masked_and_kept_when_sent_back()
    {
        var errors = new CheckErrors();
        new AlertmanagerChannel { Url = "alertmanager:9093", DashboardUrl = "sentinel" }.Resolve(null, errors);
        Assert.Equal(["dashboardUrl", "url"], errors.ToDictionary().Keys.Order());

        var stored = new AlertmanagerChannel { Url = "https://proxy.example/am/XyZsecretToken" };
        var shown = (AlertmanagerChannel)stored.Masked();
        Assert.DoesNotContain("secretToken", shown.Url + stored.Destination);
        var fine = new CheckErrors();
        var kept = (AlertmanagerChannel)(shown with { DashboardUrl = "https://sentinel.example/" }).Resolve(stored, fine);
        Assert.Equal(0, fine.Count);
        Assert.Equal((stored.Url, "https://sentinel.example"), (kept.Url, kept.DashboardUrl));
    }

    [Fact]
    public async Task A_real_alertmanager_shows_the_alert_while_the_monitor_is_down_and_resolves_it_on_recovery()
    {
        await using var alertmanager = await AlertmanagerServer.StartAsync();
        var channel = await alerter.AddChannelAsync("real alertmanager", new AlertmanagerChannel { Url = alertmanager.Url, DashboardUrl = "https://sentinel.example" });
        // Recoveries are not sent to chat for this monitor: Alertmanager hears them regardless.
        var monitor = await TaggedMonitorAsync([channel], sendOnResolved: false);

        var down = await alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);
        await StatusAsync(monitor, MonitorState.Down);
        await alerter.NotifyAsync(down);
        var incident = $"sentinel-{down.TransitionId}";
        var ours = await Eventually.Until(alertmanager.AlertsAsync, alerts => alerts.Any(a => a.Labels.GetValueOrDefault("incident") == incident), "the alert in Alertmanager");
        var alert = ours.Single(a => a.Labels.GetValueOrDefault("incident") == incident);
        Assert.Equal(("SentinelMonitorDown", "checkout", monitor.Id.ToString(), "eu,prod"),
            (alert.Labels["alertname"], alert.Labels["monitor"], alert.Labels["monitor_id"], alert.Labels["tags"]));
        Assert.Equal("DOWN: checkout", alert.Annotations["summary"]);
        Assert.Equal($"https://sentinel.example/monitors/{monitor.Id}", alert.GeneratorUrl);
        Assert.True(alert.EndsAt > DateTime.UtcNow, $"a firing alert ends in the future, not at {alert.EndsAt:O}");

        // Re-posted while down: still the one alert.
        await RepeatAsync();
        Assert.Single(await alertmanager.AlertsAsync(), a => a.Labels.GetValueOrDefault("incident") == incident);

        await alerter.NotifyAsync(await alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up));
        await Eventually.Until(alertmanager.AlertsAsync, alerts => alerts.All(a => a.Labels.GetValueOrDefault("incident") != incident), "the alert to resolve");
    }

    [Fact]
    public async Task Monitors_still_down_are_re_posted_every_look_without_filling_the_delivery_ledger()
    {
        var repeated = await alerter.AddChannelAsync("repeated", new AlertmanagerChannel { Url = alerter.Receiver.UrlFor("repeated") });
        var chat = await alerter.AddChannelAsync("slack", "repeated-slack");
        var stillDown = await TaggedMonitorAsync([repeated, chat]);
        var recovered = await TaggedMonitorAsync([repeated, chat]);
        var down = await alerter.TransitionAsync(stillDown, MonitorState.Up, MonitorState.Down);
        await StatusAsync(stillDown, MonitorState.Down);
        await alerter.TransitionAsync(recovered, MonitorState.Up, MonitorState.Down);
        await alerter.TransitionAsync(recovered, MonitorState.Down, MonitorState.Up);
        await StatusAsync(recovered, MonitorState.Up);

        await RepeatAsync();
        await RepeatAsync();

        var posts = alerter.Receiver.At("repeated/api/v2/alerts").Select(r => JsonDocument.Parse(r.Body).RootElement[0]).ToList();
        Assert.Equal(2, posts.Count);
        Assert.All(posts, p =>
        {
            Assert.Equal($"sentinel-{down.TransitionId}", p.GetProperty("labels").GetProperty("incident").GetString());
            Assert.False(p.TryGetProperty("endsAt", out _));
        });
        Assert.Empty(alerter.Receiver.At("repeated-slack"));
        await using var db = alerter.Database.CreateDbContext();
        Assert.False(await db.NotificationDeliveries.AnyAsync(d => d.MonitorId == stillDown.Id || d.MonitorId == recovered.Id));
    }

    [Fact]
    public async Task While_sentinel_is_not_checking_the_outage_is_re_posted_to_default_alertmanager_channels()
    {
        await alerter.AddChannelAsync("watching", new AlertmanagerChannel { Url = alerter.Receiver.UrlFor("watching") }, isDefault: true);
        var outage = new CheckingOutage { Id = Guid.CreateVersion7(), QuietSince = DateTime.UtcNow.AddMinutes(-10), StartedAt = DateTime.UtcNow.AddMinutes(-5), OverdueMonitors = 3 };
        await using (var db = alerter.Database.CreateDbContext())
        {
            db.CheckingOutages.Add(outage);
            await db.SaveChangesAsync();
        }

        await RepeatAsync();

        var alert = Assert.Single(
            alerter.Receiver.At("watching/api/v2/alerts").Select(r => JsonDocument.Parse(r.Body).RootElement[0]),
            a => a.GetProperty("labels").GetProperty("alertname").GetString() == "SentinelNotChecking");
        Assert.Equal($"sentinel-{outage.Id}", alert.GetProperty("labels").GetProperty("incident").GetString());
        Assert.False(alert.GetProperty("labels").TryGetProperty("monitor_id", out _));
        Assert.False(alert.TryGetProperty("endsAt", out _));
    }
}
