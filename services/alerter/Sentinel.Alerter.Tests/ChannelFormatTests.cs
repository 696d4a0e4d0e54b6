using System.Text.Json;
using MimeKit;
using Sentinel.Data;
using Sentinel.Alerter.Tests.Channels;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Discord;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Webhook;

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
}
