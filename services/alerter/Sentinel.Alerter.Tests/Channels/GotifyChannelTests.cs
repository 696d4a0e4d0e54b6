using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Gotify;
using Sentinel.Checks;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class GotifyChannelTests
{
    private const string Token = "AsecretTOKEN.x7Qz";
    private static readonly HttpClient Http = new();

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private static Task SendAsync(Notification notification, GotifyChannel settings) =>
        new GotifySender(new JsonWebhookClient(Http)).SendAsync(notification, settings, CancellationToken.None);

    [Fact]
    public void A_DOWN_notice_has_a_high_priority_and_its_facts_as_plain_text()
    {
        var down = Json(GotifySender.Payload(SampleNotices.Down));

        Assert.Equal("DOWN: checkout <eu>", down.GetProperty("title").GetString());
        Assert.Equal(8, down.GetProperty("priority").GetInt32());
        Assert.Contains("Error: unexpected status code 503", down.GetProperty("message").GetString());
        Assert.Equal("text/plain", down.GetProperty("extras").GetProperty("client::display").GetProperty("contentType").GetString());
    }

    [Fact]
    public void An_UP_notice_has_a_normal_priority_and_says_how_long_it_was_down()
    {
        var up = Json(GotifySender.Payload(SampleNotices.Up));

        Assert.Equal("UP: checkout <eu>", up.GetProperty("title").GetString());
        Assert.Equal(5, up.GetProperty("priority").GetInt32());
        Assert.Contains("Was down for: 12m 5s", up.GetProperty("message").GetString());
        Assert.Equal(8, GotifySender.Priority(SampleNotices.Down with { Kind = NotificationKind.Reminder }));
        Assert.Equal(2, GotifySender.Priority(SampleNotices.Down with { Kind = NotificationKind.MaintenanceEnded }));
    }

    [Theory]
    [InlineData("gotify")]
    [InlineData("gotify/")]
    public async Task A_notice_is_posted_to_the_servers_message_endpoint_with_the_token_in_the_X_Gotify_Key_header(string serverPath)
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var deliveryId = Guid.NewGuid();

        await SendAsync(SampleNotices.Down with { DeliveryId = deliveryId }, new GotifyChannel { ServerUrl = receiver.UrlFor(serverPath), AppToken = Token });

        var request = Assert.Single(receiver.At("gotify/message"));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(Token, request.Headers[GotifySender.TokenHeader]);
        Assert.False(request.Headers.ContainsKey("Authorization"));
        Assert.Equal(deliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal(("DOWN: checkout <eu>", 8), (body.GetProperty("title").GetString(), body.GetProperty("priority").GetInt32()));
    }

    [Fact]
    public async Task A_refused_token_fails_for_good_and_a_server_error_is_retried_neither_showing_the_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("gotify/message", 401, 500);
        var settings = new GotifyChannel { ServerUrl = receiver.UrlFor("gotify"), AppToken = Token };

        var refused = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));
        var failing = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));

        Assert.Equal((false, true), (refused.Transient, failing.Transient));
        Assert.StartsWith("401", refused.Message);
        Assert.All(new[] { refused.Message, failing.Message }, m => Assert.DoesNotContain("secret", m));
    }

    [Theory]
    [InlineData("""{"appToken":"AbC.123"}""", "serverUrl")]
    [InlineData("""{"serverUrl":"gotify.example.com","appToken":"AbC.123"}""", "serverUrl")]
    [InlineData("""{"serverUrl":"https://gotify.example.com"}""", "appToken")]
    [InlineData("""{"serverUrl":"https://gotify.example.com","appToken":"  "}""", "appToken")]
    [InlineData("""{"serverUrl":"https://gotify.example.com","appToken":"Ab C"}""", "appToken")]
    public void Bad_settings_are_errors_by_field(string config, string field)
    {
        var errors = new CheckErrors();

        ChannelSettingsJson.Read(ChannelKinds.Named("gotify")!, JsonNode.Parse(config)!.AsObject()).Resolve(null, errors);

        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void Masked_settings_hide_the_token_and_sent_back_masked_keep_the_stored_one()
    {
        var stored = new GotifyChannel { ServerUrl = "https://gotify.example.com", AppToken = Token };

        var masked = (GotifyChannel)stored.Masked();
        var errors = new CheckErrors();
        var resolved = masked.Resolve(stored, errors);

        Assert.Equal(("https://gotify.example.com", "…x7Qz"), (masked.ServerUrl, masked.AppToken));
        Assert.DoesNotContain("secret", ChannelSettingsJson.Serialize(masked));
        Assert.Equal(0, errors.Count);
        Assert.Equal(stored, resolved);
        Assert.Equal("https://gotify.example.com", stored.Destination);
    }
}
