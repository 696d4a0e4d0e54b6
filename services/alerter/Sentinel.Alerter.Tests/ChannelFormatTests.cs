using System.Text.Json;
using MimeKit;
using Sentinel.Data;
using Sentinel.Alerter.Tests.Channels;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Discord;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Webhook;
using Sentinel.Channels.Kinds.Alertmanager;
using Sentinel.Channels.Kinds.GoogleChat;
using Sentinel.Channels.Kinds.Gotify;
using Sentinel.Channels.Kinds.Mattermost;
using Sentinel.Channels.Kinds.Ntfy;
using Sentinel.Channels.Kinds.Opsgenie;
using Sentinel.Channels.Kinds.PagerDuty;
using Sentinel.Channels.Kinds.Pushover;
using Sentinel.Channels.Kinds.Teams;
using Sentinel.Channels.Kinds.Telegram;
using Sentinel.Contracts;

namespace Sentinel.Alerter.Tests;

/// <summary>Each payload against the shape its service documents for incoming webhooks.</summary>
public sealed class ChannelFormatTests
{
    private static readonly Notification Down = SampleNotices.Down;
    private static readonly Notification Up = SampleNotices.Up;

    private static JsonElement Json(object payload) => SampleNotices.Json(payload);

    [Fact]
    public void Slack_gets_fallback_text_and_a_coloured_attachment_of_blocks()
    {
        var payload = Json(SlackSender.Payload(Down));

        Assert.Equal("DOWN: checkout <eu>", payload.GetProperty("text").GetString());
        var attachment = payload.GetProperty("attachments")[0];
        Assert.Equal("#d93f0b", attachment.GetProperty("color").GetString());
        var blocks = attachment.GetProperty("blocks").EnumerateArray().ToList();
        Assert.Equal(["section", "section", "context"], blocks.Select(b => b.GetProperty("type").GetString()));
        Assert.Equal("*DOWN: checkout &lt;eu&gt;*", blocks[0].GetProperty("text").GetProperty("text").GetString());
        var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()!).ToList();
        Assert.InRange(fields.Count, 1, 10);
        Assert.All(blocks[1].GetProperty("fields").EnumerateArray(), f => Assert.Equal("mrkdwn", f.GetProperty("type").GetString()));
        Assert.Contains("*URL*\nhttps://shop.example/health", fields);
        Assert.Contains("*Error*\nunexpected status code 503", fields);
        Assert.Contains("*Latency*\n120.4 ms", fields);
        Assert.Contains("*Down since*\n2026-11-24 09:00:00 UTC", fields);

        var up = Json(SlackSender.Payload(Up)).GetProperty("attachments")[0];
        Assert.Equal("#2eb67d", up.GetProperty("color").GetString());
        Assert.Contains("*Was down for*\n12m 5s", up.GetProperty("blocks")[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()));
    }

    [Fact]
    public void Discord_gets_one_embed_with_colour_fields_and_timestamp_within_its_limits()
    {
        var longError = Down with { Error = new string('x', 5000) };
        var embed = Json(DiscordSender.Payload(longError)).GetProperty("embeds")[0];

        Assert.Equal("DOWN: checkout <eu>", embed.GetProperty("title").GetString());
        Assert.Equal(0xD93F0B, embed.GetProperty("color").GetInt32());
        Assert.Equal(SampleNotices.DownAt, embed.GetProperty("timestamp").GetDateTime().ToUniversalTime());
        var fields = embed.GetProperty("fields").EnumerateArray().ToList();
        Assert.InRange(fields.Count, 1, 25);
        Assert.All(fields, f =>
        {
            Assert.InRange(f.GetProperty("name").GetString()!.Length, 1, 256);
            Assert.InRange(f.GetProperty("value").GetString()!.Length, 1, 1024);
        });
        Assert.Contains(fields, f => f.GetProperty("name").GetString() == "Status code" && f.GetProperty("value").GetString() == "503");

        var up = Json(DiscordSender.Payload(Up)).GetProperty("embeds")[0];
        Assert.Equal(0x2EB67D, up.GetProperty("color").GetInt32());
        Assert.Contains(up.GetProperty("fields").EnumerateArray(), f => f.GetProperty("name").GetString() == "Was down for" && f.GetProperty("value").GetString() == "12m 5s");
    }

    [Fact]
    public void The_generic_webhook_body_names_the_event_monitor_and_outage()
    {
        var down = Json(WebhookSender.Payload(Down));
        Assert.Equal("monitor.down", down.GetProperty("event").GetString());
        Assert.Equal("down", down.GetProperty("state").GetString());
        Assert.Equal("checkout <eu>", down.GetProperty("monitor").GetProperty("name").GetString());
        Assert.Equal(503, down.GetProperty("statusCode").GetInt32());
        Assert.Equal("unexpected status code 503", down.GetProperty("error").GetString());

        var up = Json(WebhookSender.Payload(Up));
        Assert.Equal("monitor.up", up.GetProperty("event").GetString());
        Assert.Equal(725, up.GetProperty("downForSeconds").GetDouble());
        Assert.False(up.TryGetProperty("error", out _));

        Assert.Equal("monitor.reminder", Json(WebhookSender.Payload(Down with { Kind = NotificationKind.Reminder })).GetProperty("event").GetString());
        Assert.Equal("test", Json(WebhookSender.Payload(Down with { IsTest = true })).GetProperty("event").GetString());
    }

    [Fact]
    public void Email_has_a_filterable_subject_and_plain_and_html_parts()
    {
        var message = EmailSender.Compose(Down, MailboxAddress.Parse("sentinel@example.com"), ["ops@example.com", "oncall@example.com"]);

        Assert.Equal("[Sentinel] DOWN: checkout <eu>", message.Subject);
        Assert.Equal(["ops@example.com", "oncall@example.com"], message.To.Mailboxes.Select(m => m.Address));
        var body = Assert.IsType<MultipartAlternative>(message.Body);
        Assert.Contains("Error: unexpected status code 503", body.TextBody);
        Assert.Contains("<h2 style=\"color:#d93f0b\">DOWN: checkout &lt;eu&gt;</h2>", body.HtmlBody);

        Assert.Equal("[Sentinel] UP: checkout <eu>", EmailSender.Compose(Up, MailboxAddress.Parse("s@example.com"), ["o@example.com"]).Subject);
        Assert.Equal("[Sentinel] STILL DOWN: checkout <eu>", EmailSender.Compose(Down with { Kind = NotificationKind.Reminder }, MailboxAddress.Parse("s@example.com"), ["o@example.com"]).Subject);
    }

    [Fact]
    public void A_notice_from_several_regions_names_the_failing_ones_what_each_saw_and_those_that_did_not_answer()
    {
        Assert.Equal(
        [
            ("Regions", "2 of 3 regions failing (quorum 2), 1 unknown"),
            ("Failed in eu", "connection refused"),
            ("Failed in us", "[STATUS] (503) == 200"),
            ("Unknown", "ap: no answer by the deadline"),
        ], SampleNotices.DownInRegions.Facts().Where(f => f.Label is "Regions" or "Unknown" || f.Label.StartsWith("Failed in")));
        Assert.DoesNotContain(Down.Facts(), f => f.Label.StartsWith("Region") || f.Label.StartsWith("Failed in"));
    }

    /// <summary>Every kind of channel, as it would format the notice (email: its plain text part).</summary>
    public static TheoryData<string> Kinds() => new(ChannelKinds.All.Select(k => k.Name).ToArray());

    private static string Formatted(string kind, Notification n) => kind switch
    {
        "slack" => Json(SlackSender.Payload(n)).GetRawText(),
        "discord" => Json(DiscordSender.Payload(n)).GetRawText(),
        "email" => Assert.IsType<MultipartAlternative>(EmailSender.Compose(n, MailboxAddress.Parse("s@example.com"), ["o@example.com"]).Body).TextBody!,
        "teams" => Json(TeamsSender.Payload(n)).GetRawText(),
        "mattermost" => Json(MattermostSender.Payload(n, new MattermostChannel { WebhookUrl = "https://mm.example/hooks/x" })).GetRawText(),
        "googlechat" => Json(GoogleChatSender.Payload(n)).GetRawText(),
        "telegram" => Json(TelegramSender.Payload(n, new TelegramChannel { ChatId = "-100123" })).GetRawText(),
        "ntfy" => Json(NtfySender.Payload(n, "ops")).GetRawText(),
        "gotify" => Json(GotifySender.Payload(n)).GetRawText(),
        "pushover" => Json(PushoverSender.Payload(n, new PushoverChannel())).GetRawText(),
        "pagerduty" => Json(PagerDutySender.Payload(n, new PagerDutyChannel { Severity = "error" })).GetRawText(),
        "opsgenie" => Json(OpsgenieSender.Payload(n, new OpsgenieChannel { Priority = "P1" })).GetRawText(),
        "alertmanager" => Json(AlertmanagerSender.Payload(n, new AlertmanagerChannel { Url = "http://alertmanager:9093" })).GetRawText(),
        _ => throw new ArgumentException($"No sample format for channel kind {kind}: add it here.", nameof(kind)),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_of_channel_says_where_a_monitor_failed_and_what_each_region_saw(string kind)
    {
        if (kind == "webhook")
        {
            // The generic webhook is for programs: the same, as fields.
            var regions = Json(WebhookSender.Payload(SampleNotices.DownInRegions)).GetProperty("regions").EnumerateArray()
                .Select(r => $"{r.GetProperty("region").GetString()} {r.GetProperty("state").GetString()} {(r.TryGetProperty("error", out var e) ? e.GetString() : "")}");
            Assert.Equal(["eu down connection refused", "us down [STATUS] (503) == 200", "ap unknown "], regions);
            return;
        }

        var text = Formatted(kind, SampleNotices.DownInRegions);

        Assert.Contains("2 of 3 regions failing (quorum 2)", text);
        Assert.Contains("Failed in eu", text);
        Assert.Contains("connection refused", text);
        Assert.Contains("Failed in us", text);
        Assert.Contains("ap: no answer by the deadline", text);
    }

    [Fact]
    public void A_degraded_notice_is_titled_degraded_and_amber_and_the_webhook_names_the_state_and_each_region()
    {
        var degraded = SampleNotices.DownInRegions with
        {
            Kind = NotificationKind.Degraded,
            State = MonitorState.Degraded,
            Regions = [SampleNotices.DownInRegions.Regions[0], new RegionResult { Region = "us", Status = CheckStatus.Up, LatencyMs = 80 }],
        };

        Assert.Equal("DEGRADED: checkout <eu>", degraded.Title);
        Assert.Equal("#e3a008", Json(SlackSender.Payload(degraded)).GetProperty("attachments")[0].GetProperty("color").GetString());
        Assert.Contains(("Up in", "us (80 ms)"), degraded.Facts());
        var hook = Json(WebhookSender.Payload(degraded));
        Assert.Equal("monitor.degraded", hook.GetProperty("event").GetString());
        Assert.Equal("degraded", hook.GetProperty("state").GetString());
        Assert.Equal(2, hook.GetProperty("quorum").GetInt32());
        var eu = hook.GetProperty("regions")[0];
        Assert.Equal(("eu", "down", "connection refused"), (eu.GetProperty("region").GetString(), eu.GetProperty("state").GetString(), eu.GetProperty("error").GetString()));
        Assert.False(Json(WebhookSender.Payload(Down)).TryGetProperty("regions", out _));
    }
}
