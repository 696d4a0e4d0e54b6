using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Alerter.Deliveries;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.PagerDuty;
using Sentinel.Checks;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class PagerDutyChannelTests(AlerterHarness alerter) : IClassFixture<AlerterHarness>
{
    private const string RoutingKey = "R0123456789abcdefghijKLMNOPQRSTU";

    private static readonly Guid Outage = Guid.Parse("019ac2e4-5a70-7c11-8e2b-6d4f0c9a2e15");

    public static readonly Notification Down = new()
    {
        Kind = NotificationKind.Down,
        MonitorId = Guid.Parse("01a20cf3-9e84-7e04-bee5-f257ea31a29a"),
        MonitorName = "checkout",
        MonitorUrl = "https://shop.example/health",
        ChangedAt = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc),
        Error = "unexpected status code 503",
        StatusCode = 503,
        LatencyMs = 120.4,
        DownSince = new DateTime(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc),
        IncidentKey = Outage,
        Tags = ["eu", "prod"],
    };

    public static readonly Notification Up = Down with
    {
        Kind = NotificationKind.Up, ChangedAt = Down.ChangedAt.AddMinutes(12).AddSeconds(5), Error = null, StatusCode = 200, LatencyMs = 35,
    };

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private PagerDutyChannel Settings(string path) => new() { RoutingKey = RoutingKey, Severity = "error", EventsUrl = alerter.Receiver.UrlFor(path) };

    [Fact]
    public void A_down_triggers_and_an_up_resolves_the_incident_keyed_by_the_outage()
    {
        var trigger = Json(PagerDutySender.Payload(Down, Settings("format")));

        Assert.Equal(RoutingKey, trigger.GetProperty("routing_key").GetString());
        Assert.Equal("trigger", trigger.GetProperty("event_action").GetString());
        Assert.Equal($"sentinel-{Outage}", trigger.GetProperty("dedup_key").GetString());
        var payload = trigger.GetProperty("payload");
        Assert.Equal("DOWN: checkout: unexpected status code 503", payload.GetProperty("summary").GetString());
        Assert.Equal("https://shop.example/health", payload.GetProperty("source").GetString());
        Assert.Equal("error", payload.GetProperty("severity").GetString());
        Assert.Equal(Down.ChangedAt, payload.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        Assert.Equal("eu,prod", payload.GetProperty("group").GetString());
        Assert.Equal("503", payload.GetProperty("custom_details").GetProperty("Status code").GetString());

        var resolve = Json(PagerDutySender.Payload(Up, Settings("format")));
        Assert.Equal("resolve", resolve.GetProperty("event_action").GetString());
        Assert.Equal($"sentinel-{Outage}", resolve.GetProperty("dedup_key").GetString());
        Assert.False(resolve.TryGetProperty("payload", out _));

        // A reminder updates the open incident rather than opening another.
        var reminder = Json(PagerDutySender.Payload(Down with { Kind = NotificationKind.Reminder }, Settings("format")));
        Assert.Equal(("trigger", $"sentinel-{Outage}"), (reminder.GetProperty("event_action").GetString(), reminder.GetProperty("dedup_key").GetString()));
    }

    [Fact]
    public void The_summary_is_clipped_to_PagerDutys_1024_characters()
    {
        var summary = Json(PagerDutySender.Payload(Down with { Error = new string('x', 5000) }, Settings("format"))).GetProperty("payload").GetProperty("summary").GetString()!;

        Assert.Equal(1024, summary.Length);
        Assert.EndsWith("…", summary);
    }

    [Fact]
    public async Task The_event_is_posted_as_json_to_the_events_url()
    {
        var sender = alerter.Services.GetRequiredService<PagerDutySender>();
        var delivery = Guid.CreateVersion7();

        await sender.SendAsync(Down with { DeliveryId = delivery }, Settings("v2/enqueue"), CancellationToken.None);

        var request = Assert.Single(alerter.Receiver.At("v2/enqueue"));
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType);
        Assert.Equal(delivery.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("trigger", RoutingKey), (body.GetProperty("event_action").GetString(), body.GetProperty("routing_key").GetString()));
    }

    [Fact]
    public async Task A_refused_event_fails_for_good_and_a_throttled_one_is_retried_without_showing_the_key()
    {
        var sender = alerter.Services.GetRequiredService<PagerDutySender>();
        alerter.Receiver.Answer("refused", 400);
        alerter.Receiver.Answer("throttled", 429);

        var refused = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, Settings("refused"), CancellationToken.None));
        var throttled = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, Settings("throttled"), CancellationToken.None));

        Assert.False(refused.Transient);
        Assert.True(throttled.Transient);
        Assert.DoesNotContain(RoutingKey, refused.Message + throttled.Message);
    }

    [Fact]
    public void Bad_settings_are_refused_by_field_and_defaults_fill_the_rest()
    {
        var errors = new CheckErrors();
        new PagerDutyChannel { RoutingKey = "short", Severity = "fatal", EventsUrl = "ftp://example.com" }.Resolve(null, errors);

        Assert.Equal(["eventsUrl", "routingKey", "severity"], errors.ToDictionary().Keys.Order());

        var fine = new CheckErrors();
        var resolved = (PagerDutyChannel)new PagerDutyChannel { RoutingKey = $" {RoutingKey} ", Severity = "Warning" }.Resolve(null, fine);
        Assert.Equal(0, fine.Count);
        Assert.Equal((RoutingKey, "warning", PagerDutyChannel.DefaultEventsUrl), (resolved.RoutingKey, resolved.Severity, resolved.EventsUrl));
    }

    [Fact]
    public void The_routing_key_is_masked_and_a_masked_key_sent_back_keeps_the_stored_one()
    {
        var stored = new PagerDutyChannel { RoutingKey = RoutingKey, Severity = "critical", EventsUrl = PagerDutyChannel.DefaultEventsUrl };

        var shown = (PagerDutyChannel)stored.Masked();
        Assert.DoesNotContain(RoutingKey, JsonSerializer.Serialize(shown, ChannelSettingsJson.Options) + stored.Destination);

        var errors = new CheckErrors();
        var kept = (PagerDutyChannel)(shown with { Severity = "info" }).Resolve(stored, errors);
        Assert.Equal(0, errors.Count);
        Assert.Equal((RoutingKey, "info"), (kept.RoutingKey, kept.Severity));
    }

    [Fact]
    public async Task A_reminder_updates_the_incident_its_down_opened()
    {
        var pagerDuty = await alerter.AddChannelAsync("pagerduty", Settings("reminded"));
        var monitor = await alerter.AddMonitorAsync([pagerDuty], reminderIntervalMinutes: 1);
        var down = await alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);
        await using (var db = alerter.Database.CreateDbContext())
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = monitor.Id, State = MonitorState.Down, AnnouncedState = MonitorState.Down, LastCheckedAt = DateTime.UtcNow });
            await db.SaveChangesAsync();
        }

        await alerter.NotifyAsync(down);
        var sweep = alerter.Services.GetServices<IHostedService>().OfType<DeliverySweep>().Single();
        await Task.WhenAll(await sweep.SweepAsync(CancellationToken.None));

        var events = alerter.Receiver.At("reminded").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(("trigger", $"sentinel-{down.TransitionId}"), (e.GetProperty("event_action").GetString(), e.GetProperty("dedup_key").GetString())));
        Assert.Equal("STILL DOWN", events[1].GetProperty("payload").GetProperty("class").GetString());
    }

    [Fact]
    public async Task An_outage_triggers_once_and_resolves_even_when_the_monitor_does_not_send_recoveries_to_chat()
    {
        var pagerDuty = await alerter.AddChannelAsync("pagerduty", Settings("pipeline"));
        var slack = await alerter.AddChannelAsync("slack", "pipeline-slack");
        var monitor = await alerter.AddMonitorAsync([pagerDuty, slack], sendOnResolved: false);

        var down = await alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);
        await alerter.NotifyAsync(down);
        await alerter.NotifyAsync(down);
        await alerter.NotifyAsync(await alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up));

        var events = alerter.Receiver.At("pipeline").Select(r => JsonDocument.Parse(r.Body).RootElement).ToList();
        Assert.Equal(["trigger", "resolve"], events.Select(e => e.GetProperty("event_action").GetString()));
        Assert.All(events, e => Assert.Equal($"sentinel-{down.TransitionId}", e.GetProperty("dedup_key").GetString()));
        Assert.Single(alerter.Receiver.At("pipeline-slack"));
        await using var db = alerter.Database.CreateDbContext();
        Assert.Equal(3, await db.NotificationDeliveries.CountAsync(d => d.MonitorId == monitor.Id && d.State == DeliveryState.Sent));
    }
}
