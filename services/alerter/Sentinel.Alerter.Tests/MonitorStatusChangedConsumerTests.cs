using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.Webhook;

namespace Sentinel.Alerter.Tests;

public sealed class MonitorStatusChangedConsumerTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private async Task<List<NotificationDelivery>> DeliveriesAsync(Guid monitorId)
    {
        await using var db = _alerter.Database.CreateDbContext();
        return await db.NotificationDeliveries.AsNoTracking().Where(d => d.MonitorId == monitorId).OrderBy(d => d.Id).ToListAsync();
    }

    [Fact]
    public async Task Down_and_up_reach_every_channel_once_in_its_own_format()
    {
        var channels = new[]
        {
            await _alerter.AddChannelAsync("slack", "slack"),
            await _alerter.AddChannelAsync("discord", "discord"),
            await _alerter.AddChannelAsync("webhook", "hook"),
            await _alerter.AddChannelAsync("email", "mail"),
        };
        var monitor = await _alerter.AddMonitorAsync(channels);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));
        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Down, MonitorState.Up));

        foreach (var path in new[] { "slack", "discord", "hook" })
        {
            var requests = _alerter.Receiver.At(path);
            Assert.Equal(2, requests.Count);
            Assert.All(requests, r =>
            {
                Assert.Equal("POST", r.Method);
                Assert.StartsWith("application/json", r.ContentType);
                Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(r.Body), r.ContentLength);
            });
        }

        Assert.Contains("\"text\":\"DOWN: checkout\"", _alerter.Receiver.At("slack")[0].Body);
        Assert.Contains("\"title\":\"UP: checkout\"", _alerter.Receiver.At("discord")[1].Body);
        Assert.Contains("\"event\":\"monitor.down\"", _alerter.Receiver.At("hook")[0].Body);

        var mails = _alerter.Smtp.Messages().Select(m => MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(m)))).ToList();
        Assert.Equal(["[Sentinel] DOWN: checkout", "[Sentinel] UP: checkout"], mails.Select(m => m.Subject));
        Assert.All(mails, m =>
        {
            Assert.False(string.IsNullOrWhiteSpace(m.TextBody));
            Assert.False(string.IsNullOrWhiteSpace(m.HtmlBody));
        });
        Assert.Contains("Was down for: 30s", mails[1].TextBody);

        var deliveries = await DeliveriesAsync(monitor.Id);
        Assert.Equal(8, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal((DeliveryState.Sent, 1), (d.State, d.Attempts)));
    }

    [Fact]
    public async Task A_transition_delivered_twice_is_sent_once()
    {
        var slack = await _alerter.AddChannelAsync("slack", "slack");
        var monitor = await _alerter.AddMonitorAsync([slack]);
        var down = await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);

        await _alerter.NotifyAsync(down);
        await _alerter.NotifyAsync(down with { });

        Assert.Single(_alerter.Receiver.At("slack"));
        Assert.Single(await DeliveriesAsync(monitor.Id));
    }

    [Fact]
    public async Task A_channel_answering_500_twice_then_200_gets_its_alert_after_retries()
    {
        var slack = await _alerter.AddChannelAsync("slack", "flaky");
        var monitor = await _alerter.AddMonitorAsync([slack]);
        _alerter.Receiver.Answer("flaky", 500, 500);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));

        Assert.Equal([500, 500, 200], _alerter.Receiver.At("flaky").Select(r => r.AnsweredWith));
        var delivery = Assert.Single(await DeliveriesAsync(monitor.Id));
        Assert.Equal((DeliveryState.Sent, 3), (delivery.State, delivery.Attempts));
        Assert.StartsWith("500", delivery.LastError);
    }

    [Fact]
    public async Task Every_attempt_of_a_notice_carries_its_delivery_and_transition_ids_so_a_receiver_can_drop_a_copy()
    {
        var hook = await _alerter.AddChannelAsync("webhook", "dedup-hook");
        var slack = await _alerter.AddChannelAsync("slack", "dedup-slack");
        var monitor = await _alerter.AddMonitorAsync([hook, slack]);
        _alerter.Receiver.Answer("dedup-hook", 500, 503);
        _alerter.Receiver.Answer("dedup-slack", 500);
        var down = await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down);

        await _alerter.NotifyAsync(down);

        var deliveries = await DeliveriesAsync(monitor.Id);
        var hookDelivery = deliveries.Single(d => d.ChannelId == hook.Id);
        var attempts = _alerter.Receiver.At("dedup-hook");
        Assert.Equal([500, 503, 200], attempts.Select(r => r.AnsweredWith));
        Assert.All(attempts, r =>
        {
            Assert.Equal(hookDelivery.Id.ToString(), r.Headers["Idempotency-Key"]);
            using var body = System.Text.Json.JsonDocument.Parse(r.Body);
            Assert.Equal(hookDelivery.Id, body.RootElement.GetProperty("deliveryId").GetGuid());
            Assert.Equal(down.TransitionId, body.RootElement.GetProperty("transitionId").GetGuid());
        });
        var slackKeys = _alerter.Receiver.At("dedup-slack").Select(r => r.Headers["Idempotency-Key"]).ToList();
        Assert.Equal([deliveries.Single(d => d.ChannelId == slack.Id).Id.ToString(), deliveries.Single(d => d.ChannelId == slack.Id).Id.ToString()], slackKeys);
        Assert.NotEqual(hookDelivery.Id.ToString(), slackKeys[0]);
    }

    [Fact]
    public async Task An_email_notice_has_a_message_id_made_from_its_delivery()
    {
        var mail = await _alerter.AddChannelAsync("email", "mail");
        var monitor = await _alerter.AddMonitorAsync([mail]);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));

        var sent = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(_alerter.Smtp.Messages()))));
        Assert.Equal($"{Assert.Single(await DeliveriesAsync(monitor.Id)).Id}@example.com", sent.MessageId);
    }

    [Fact]
    public async Task A_429_is_retried_after_the_time_the_service_asks_for()
    {
        var discord = await _alerter.AddChannelAsync("discord", "busy");
        var monitor = await _alerter.AddMonitorAsync([discord]);
        _alerter.Receiver.Answer("busy", 429);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));

        Assert.Equal([429, 200], _alerter.Receiver.At("busy").Select(r => r.AnsweredWith));
        Assert.Equal(DeliveryState.Sent, Assert.Single(await DeliveriesAsync(monitor.Id)).State);
    }

    [Fact]
    public async Task A_channel_answering_404_is_marked_failed_while_the_others_get_theirs()
    {
        var broken = await _alerter.AddChannelAsync("webhook", "gone");
        var slack = await _alerter.AddChannelAsync("slack", "fine");
        var monitor = await _alerter.AddMonitorAsync([broken, slack]);
        _alerter.Receiver.Answer("gone", 404, 404, 404);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));

        Assert.Single(_alerter.Receiver.At("gone"));
        Assert.Single(_alerter.Receiver.At("fine"));
        var deliveries = await DeliveriesAsync(monitor.Id);
        var failed = deliveries.Single(d => d.ChannelId == broken.Id);
        Assert.Equal((DeliveryState.Failed, 1), (failed.State, failed.Attempts));
        Assert.StartsWith("404", failed.LastError);
        Assert.Equal(DeliveryState.Sent, deliveries.Single(d => d.ChannelId == slack.Id).State);
    }

    [Fact]
    public async Task A_new_monitor_that_starts_up_and_recoveries_without_send_on_resolved_stay_quiet()
    {
        var everywhere = await _alerter.AddChannelAsync("slack", "default", isDefault: true);
        var quiet = await _alerter.AddMonitorAsync([], sendOnResolved: false);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(quiet, MonitorState.Pending, MonitorState.Up));
        await _alerter.NotifyAsync(await _alerter.TransitionAsync(quiet, MonitorState.Up, MonitorState.Down));
        await _alerter.NotifyAsync(await _alerter.TransitionAsync(quiet, MonitorState.Down, MonitorState.Up));

        var received = _alerter.Receiver.At("default");
        Assert.Single(received);
        Assert.Contains("DOWN: checkout", received[0].Body);
        Assert.Equal(everywhere.Id, Assert.Single(await DeliveriesAsync(quiet.Id)).ChannelId);
    }

    [Fact]
    public async Task A_channel_test_reports_success_or_the_reason_it_failed()
    {
        var ok = await _alerter.AddChannelAsync("webhook", "test-ok");
        var bad = await _alerter.AddChannelAsync("slack", "test-bad");
        _alerter.Receiver.Answer("test-bad", 403);
        var client = _alerter.Harness.GetRequestClient<TestChannel>();

        var passed = await client.GetResponse<ChannelTested>(new TestChannel { ChannelId = ok.Id });
        var failed = await client.GetResponse<ChannelTested>(new TestChannel { ChannelId = bad.Id });

        Assert.True(passed.Message.Succeeded);
        var test = Assert.Single(_alerter.Receiver.At("test-ok"));
        Assert.Contains("\"event\":\"test\"", test.Body);
        // A test is no delivery: nothing for a receiver to de-duplicate on.
        Assert.False(test.Headers.ContainsKey("Idempotency-Key"));
        Assert.DoesNotContain("deliveryId", test.Body);
        Assert.False(failed.Message.Succeeded);
        Assert.StartsWith("403", failed.Message.Error);
    }

    [Fact]
    public async Task A_notice_the_notifier_cannot_send_fails_with_the_reason_instead_of_staying_sending()
    {
        // Stored before the api refused them: an address MimeKit cannot read, and a URL HttpClient cannot.
        var unreadable = await _alerter.AddChannelAsync("unreadable", new EmailChannel { To = ["x.@example.test"] });
        var malformed = await _alerter.AddChannelAsync("malformed", new WebhookChannel { Url = "not a url" });
        var slack = await _alerter.AddChannelAsync("slack", "fine");
        var monitor = await _alerter.AddMonitorAsync([unreadable, malformed, slack]);

        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, MonitorState.Up, MonitorState.Down));

        var deliveries = await DeliveriesAsync(monitor.Id);
        var mail = deliveries.Single(d => d.ChannelId == unreadable.Id);
        Assert.Equal((DeliveryState.Failed, 1), (mail.State, mail.Attempts));
        Assert.Contains("'x.@example.test' is not a mail address", mail.LastError);
        var webhook = deliveries.Single(d => d.ChannelId == malformed.Id);
        Assert.Equal((DeliveryState.Failed, 1), (webhook.State, webhook.Attempts));
        Assert.StartsWith("unexpected error: ", webhook.LastError);
        Assert.Empty(_alerter.Smtp.Messages());
        Assert.Equal(DeliveryState.Sent, deliveries.Single(d => d.ChannelId == slack.Id).State);
    }

    [Fact]
    public async Task A_channel_test_the_notifier_cannot_send_answers_with_the_reason()
    {
        var unreadable = await _alerter.AddChannelAsync("unreadable", new EmailChannel { To = ["x.@example.test"] });
        var malformed = await _alerter.AddChannelAsync("malformed", new WebhookChannel { Url = "not a url" });
        var client = _alerter.Harness.GetRequestClient<TestChannel>();

        var mail = await client.GetResponse<ChannelTested>(new TestChannel { ChannelId = unreadable.Id });
        var webhook = await client.GetResponse<ChannelTested>(new TestChannel { ChannelId = malformed.Id });

        Assert.Equal((false, "'x.@example.test' is not a mail address"), (mail.Message.Succeeded, mail.Message.Error));
        Assert.False(webhook.Message.Succeeded);
        Assert.StartsWith("unexpected error: ", webhook.Message.Error);
    }
}
