using Sentinel.Channels;
using Sentinel.Channels.Kinds.Mattermost;
using Sentinel.Testing;
using static Sentinel.Alerter.Tests.Channels.SampleNotices;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class MattermostChannelTests : IAsyncLifetime
{
    private const string HookUrl = "https://chat.example.com/hooks/xxxgeneratedkeysecret9z";
    private static readonly MattermostChannel Plain = new() { WebhookUrl = HookUrl };
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void A_down_notice_is_one_red_attachment_with_a_fallback_title_fields_and_footer()
    {
        var payload = Json(MattermostSender.Payload(Down, Plain));

        // Without overrides the webhook's own channel and name apply.
        Assert.False(payload.TryGetProperty("channel", out _));
        Assert.False(payload.TryGetProperty("username", out _));
        var attachment = Assert.Single(payload.GetProperty("attachments").EnumerateArray());
        Assert.Equal("DOWN: checkout <eu>", attachment.GetProperty("fallback").GetString());
        Assert.Equal("DOWN: checkout <eu>", attachment.GetProperty("title").GetString());
        Assert.Equal("#d93f0b", attachment.GetProperty("color").GetString());
        var fields = attachment.GetProperty("fields").EnumerateArray().ToList();
        Assert.Contains(fields, f => f.GetProperty("title").GetString() == "Error" && f.GetProperty("value").GetString() == "unexpected status code 503" && !f.GetProperty("short").GetBoolean());
        Assert.Contains(fields, f => f.GetProperty("title").GetString() == "Status code" && f.GetProperty("value").GetString() == "503" && f.GetProperty("short").GetBoolean());
        Assert.Equal("Sentinel · 2026-11-24 09:00:00 UTC", attachment.GetProperty("footer").GetString());
    }

    [Fact]
    public void An_up_notice_is_green_and_says_how_long_it_was_down()
    {
        var attachment = Json(MattermostSender.Payload(Up, Plain)).GetProperty("attachments")[0];

        Assert.Equal("#2eb67d", attachment.GetProperty("color").GetString());
        Assert.Contains(attachment.GetProperty("fields").EnumerateArray(), f => f.GetProperty("title").GetString() == "Was down for" && f.GetProperty("value").GetString() == "12m 5s");
    }

    [Fact]
    public async Task The_notice_is_posted_to_the_hook_with_the_channel_and_name_overrides()
    {
        var settings = new MattermostChannel { WebhookUrl = _receiver.UrlFor("hooks/abc123"), Channel = "ops-alerts", Username = "Sentinel" };

        await new MattermostSender(Client()).SendAsync(Down, settings, CancellationToken.None);

        var (request, body) = SingleJsonPost(_receiver, "hooks/abc123");
        Assert.Equal(Down.DeliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        Assert.Equal("ops-alerts", body.GetProperty("channel").GetString());
        Assert.Equal("Sentinel", body.GetProperty("username").GetString());
        Assert.Equal("DOWN: checkout <eu>", body.GetProperty("attachments")[0].GetProperty("fallback").GetString());
    }

    [Fact]
    public async Task A_refused_override_fails_for_good_and_a_server_error_is_retried()
    {
        var settings = new MattermostChannel { WebhookUrl = _receiver.UrlFor("hooks/h"), Channel = "locked-away" };
        _receiver.Answer("hooks/h", 403, 503);
        var sender = new MattermostSender(Client());

        Assert.False((await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None))).Transient);
        Assert.True((await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None))).Transient);
    }

    [Fact]
    public void Bad_settings_are_errors_by_field()
    {
        var errors = Resolve(new MattermostChannel { WebhookUrl = "chat.example.com/hooks/x", Channel = "ops alerts", Username = new string('n', 65) }).Errors;

        Assert.Equal(["channel", "username", "webhookUrl"], errors.Keys.Order());
        Assert.Contains("channel", Resolve(Plain with { Channel = new string('c', 65) }).Errors.Keys);
    }

    [Fact]
    public void Optional_fields_are_trimmed_and_empty_ones_left_out()
    {
        var (errors, resolved) = Resolve(new MattermostChannel { WebhookUrl = HookUrl, Channel = " town-square ", Username = "" });

        Assert.Empty(errors);
        Assert.Equal(new MattermostChannel { WebhookUrl = HookUrl, Channel = "town-square" }, resolved);
    }

    [Fact]
    public void The_masked_url_hides_the_hook_key_and_sent_back_keeps_the_stored_one()
    {
        var stored = Plain with { Channel = "ops" };

        var masked = stored.Masked();
        var (errors, resolved) = Resolve(masked, stored);

        Assert.DoesNotContain("generatedkeysecret", ChannelSettingsJson.Show(masked).ToJsonString());
        Assert.DoesNotContain("generatedkeysecret", stored.Destination);
        Assert.Empty(errors);
        Assert.Equal(stored, resolved);
    }
}
