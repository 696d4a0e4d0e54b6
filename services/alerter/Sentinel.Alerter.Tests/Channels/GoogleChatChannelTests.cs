using Sentinel.Channels;
using Sentinel.Channels.Kinds.GoogleChat;
using Sentinel.Testing;
using static Sentinel.Alerter.Tests.Channels.SampleNotices;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class GoogleChatChannelTests : IAsyncLifetime
{
    private const string SpaceUrl = "https://chat.googleapis.com/v1/spaces/AAAAbcdEfg/messages?key=AIzaSyDdI0hCZtE6vySjMm-WEfRq3CPzqKqqsHI&token=TokenSecretPart77";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    [Fact]
    public void A_down_notice_is_the_title_as_text_and_a_card_of_escaped_facts()
    {
        var payload = Json(GoogleChatSender.Payload(Down with { Error = "expected <b>ok</b> & got 503" }));

        Assert.Equal("DOWN: checkout <eu>", payload.GetProperty("text").GetString());
        var card = Assert.Single(payload.GetProperty("cardsV2").EnumerateArray());
        Assert.Equal("sentinel-notice", card.GetProperty("cardId").GetString());
        var widgets = Assert.Single(card.GetProperty("card").GetProperty("sections").EnumerateArray()).GetProperty("widgets").EnumerateArray().ToList();
        var facts = widgets.Where(w => w.TryGetProperty("decoratedText", out _)).Select(w => w.GetProperty("decoratedText"))
            .ToDictionary(d => d.GetProperty("topLabel").GetString()!, d => d.GetProperty("text").GetString());
        Assert.Equal("https://shop.example/health", facts["URL"]);
        Assert.Equal("expected &lt;b&gt;ok&lt;/b&gt; &amp; got 503", facts["Error"]);
        Assert.Equal("503", facts["Status code"]);
        Assert.Equal("<font color=\"#d93f0b\">DOWN</font> · Sentinel · 2026-11-24 09:00:00 UTC", widgets[^1].GetProperty("textParagraph").GetProperty("text").GetString());
    }

    [Fact]
    public void An_up_notice_is_green_and_says_how_long_it_was_down()
    {
        var payload = Json(GoogleChatSender.Payload(Up));
        var widgets = payload.GetProperty("cardsV2")[0].GetProperty("card").GetProperty("sections")[0].GetProperty("widgets").EnumerateArray().ToList();

        Assert.Equal("UP: checkout <eu>", payload.GetProperty("text").GetString());
        Assert.Contains(widgets, w => w.TryGetProperty("decoratedText", out var d) && d.GetProperty("topLabel").GetString() == "Was down for" && d.GetProperty("text").GetString() == "12m 5s");
        Assert.StartsWith("<font color=\"#2eb67d\">UP</font>", widgets[^1].GetProperty("textParagraph").GetProperty("text").GetString());
    }

    [Fact]
    public async Task The_message_is_posted_as_json_to_the_space_webhook_with_its_key_and_token()
    {
        var settings = new GoogleChatChannel { WebhookUrl = _receiver.UrlFor("v1/spaces/AAAA/messages") + "?key=k&token=t" };

        await new GoogleChatSender(Client()).SendAsync(Down, settings, CancellationToken.None);

        var (request, body) = SingleJsonPost(_receiver, "v1/spaces/AAAA/messages");
        Assert.Equal(Down.DeliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        Assert.Equal("DOWN: checkout <eu>", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_bad_request_fails_for_good_and_a_quota_error_is_retried()
    {
        var settings = new GoogleChatChannel { WebhookUrl = _receiver.UrlFor("space") };
        _receiver.Answer("space", 400, 429);
        var sender = new GoogleChatSender(Client());

        Assert.False((await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None))).Transient);
        Assert.True((await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, settings, CancellationToken.None))).Transient);
    }

    [Fact]
    public void A_missing_or_non_http_url_is_an_error_under_webhookUrl()
    {
        Assert.Contains("webhookUrl", Resolve(new GoogleChatChannel()).Errors.Keys);
        Assert.Contains("webhookUrl", Resolve(new GoogleChatChannel { WebhookUrl = "spaces/AAAA" }).Errors.Keys);
        Assert.Empty(Resolve(new GoogleChatChannel { WebhookUrl = SpaceUrl }).Errors);
    }

    [Fact]
    public void The_masked_url_hides_the_key_and_token_and_sent_back_keeps_the_stored_one()
    {
        var stored = new GoogleChatChannel { WebhookUrl = SpaceUrl };

        var masked = stored.Masked();
        var (errors, resolved) = Resolve(masked, stored);

        var shown = ChannelSettingsJson.Show(masked).ToJsonString();
        Assert.DoesNotContain("AIzaSy", shown);
        Assert.DoesNotContain("TokenSecret", shown);
        Assert.DoesNotContain("TokenSecret", stored.Destination);
        Assert.Empty(errors);
        Assert.Equal(stored, resolved);
    }
}
