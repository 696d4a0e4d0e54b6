using System.Text.Json;
using System.Text.Json.Nodes;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Pushover;
using Sentinel.Checks;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class PushoverChannelTests
{
    // Pushover's keys are 30 letters and digits.
    private const string AppToken = "secretAPPtoken0123456789abcdef";
    private const string UserKey = "secretUSERkey00123456789abcdeU";
    private static readonly HttpClient Http = new();
    private static readonly PushoverChannel Settings = new() { ApiUrl = PushoverChannel.DefaultApiUrl, AppToken = AppToken, UserKey = UserKey, Device = "phone,tablet" };

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private static Task SendAsync(Notification notification, PushoverChannel settings) =>
        new PushoverSender(new JsonWebhookClient(Http)).SendAsync(notification, settings, CancellationToken.None);

    [Fact]
    public void A_DOWN_notice_carries_token_user_devices_a_high_priority_and_the_checks_time()
    {
        var down = Json(PushoverSender.Payload(SampleNotices.Down, Settings));

        Assert.Equal((AppToken, UserKey, "phone,tablet"), (down.GetProperty("token").GetString(), down.GetProperty("user").GetString(), down.GetProperty("device").GetString()));
        Assert.Equal("DOWN: checkout <eu>", down.GetProperty("title").GetString());
        Assert.Equal(1, down.GetProperty("priority").GetInt32());
        Assert.Equal(new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), down.GetProperty("timestamp").GetInt64());
        Assert.Contains("Error: unexpected status code 503", down.GetProperty("message").GetString());
    }

    [Fact]
    public void An_UP_notice_has_the_normal_priority_and_says_how_long_it_was_down()
    {
        var up = Json(PushoverSender.Payload(SampleNotices.Up, Settings with { Device = null }));

        Assert.Equal("UP: checkout <eu>", up.GetProperty("title").GetString());
        Assert.Equal(0, up.GetProperty("priority").GetInt32());
        Assert.Contains("Was down for: 12m 5s", up.GetProperty("message").GetString());
        Assert.False(up.TryGetProperty("device", out _));
        Assert.Equal(1, PushoverSender.Priority(SampleNotices.Down with { Kind = NotificationKind.Reminder }));
        Assert.Equal(-1, PushoverSender.Priority(SampleNotices.Down with { Kind = NotificationKind.MaintenanceStarted }));
    }

    [Fact]
    public void Title_and_message_are_cut_to_Pushovers_limits()
    {
        var payload = Json(PushoverSender.Payload(SampleNotices.Down with { MonitorName = new string('m', 400), Error = new string('x', 3000) }, Settings));

        Assert.Equal(250, payload.GetProperty("title").GetString()!.Length);
        Assert.Equal(1024, payload.GetProperty("message").GetString()!.Length);
        Assert.EndsWith("…", payload.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_notice_is_posted_as_JSON_to_the_message_API_with_its_keys_in_the_body()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var deliveryId = Guid.NewGuid();

        await SendAsync(SampleNotices.Down with { DeliveryId = deliveryId }, Settings with { ApiUrl = receiver.UrlFor("1/messages.json") });

        var request = Assert.Single(receiver.At("1/messages.json"));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(deliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal((AppToken, UserKey, 1), (body.GetProperty("token").GetString(), body.GetProperty("user").GetString(), body.GetProperty("priority").GetInt32()));
    }

    [Fact]
    public async Task An_invalid_key_fails_for_good_and_a_server_error_is_retried_neither_showing_the_keys()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("1/messages.json", 400, 503);
        var settings = Settings with { ApiUrl = receiver.UrlFor("1/messages.json") };

        var refused = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));
        var failing = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));

        Assert.Equal((false, true), (refused.Transient, failing.Transient));
        Assert.All(new[] { refused.Message, failing.Message }, m => Assert.DoesNotContain("secret", m));
    }

    [Theory]
    [InlineData("""{"userKey":"secretUSERkey00123456789abcdeU"}""", "appToken")]
    [InlineData("""{"appToken":"short","userKey":"secretUSERkey00123456789abcdeU"}""", "appToken")]
    [InlineData("""{"appToken":"secretAPPtoken0123456789abcdef"}""", "userKey")]
    [InlineData("""{"appToken":"secretAPPtoken0123456789abcdef","userKey":"secretUSERkey0-123456789abcdeU"}""", "userKey")]
    [InlineData("""{"appToken":"secretAPPtoken0123456789abcdef","userKey":"secretUSERkey00123456789abcdeU","device":"my phone"}""", "device")]
    [InlineData("""{"appToken":"secretAPPtoken0123456789abcdef","userKey":"secretUSERkey00123456789abcdeU","device":"a-device-name-far-too-long"}""", "device")]
    [InlineData("""{"appToken":"secretAPPtoken0123456789abcdef","userKey":"secretUSERkey00123456789abcdeU","apiUrl":"api.pushover.net"}""", "apiUrl")]
    public void Bad_settings_are_errors_by_field(string config, string field)
    {
        var errors = new CheckErrors();

        ChannelSettingsJson.Read(ChannelKinds.Named("pushover")!, JsonNode.Parse(config)!.AsObject()).Resolve(null, errors);

        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_empty_api_url_means_Pushovers_own_and_devices_are_tidied()
    {
        var errors = new CheckErrors();

        var resolved = (PushoverChannel)new PushoverChannel { AppToken = AppToken, UserKey = UserKey, Device = " phone , ,tablet " }.Resolve(null, errors);

        Assert.Equal(0, errors.Count);
        Assert.Equal(("https://api.pushover.net/1/messages.json", "phone,tablet"), (resolved.ApiUrl, resolved.Device));
        Assert.Equal("user …cdeU (phone,tablet)", resolved.Destination);
    }

    [Fact]
    public void Masked_settings_hide_token_and_user_key_and_sent_back_masked_keep_the_stored_ones()
    {
        var masked = (PushoverChannel)Settings.Masked();
        var errors = new CheckErrors();
        var resolved = masked.Resolve(Settings, errors);

        Assert.Equal(("…cdef", "…cdeU", "phone,tablet"), (masked.AppToken, masked.UserKey, masked.Device));
        Assert.DoesNotContain("secret", ChannelSettingsJson.Serialize(masked));
        Assert.Equal(0, errors.Count);
        Assert.Equal(Settings, resolved);
    }
}
