using System.Text;
using System.Text.Json;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Ntfy;
using Sentinel.Checks;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class NtfyChannelTests
{
    private const string Topic = "sentinel-ops-secretTOPIC-k3x9";
    private const string Token = "tk_secretTOKENabcdefghijklmn0pq";
    private static readonly HttpClient Http = new();

    private static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    private static Task SendAsync(Notification notification, NtfyChannel settings) =>
        new NtfySender(new JsonWebhookClient(Http)).SendAsync(notification, settings, CancellationToken.None);

    [Fact]
    public void A_DOWN_notice_is_urgent_with_a_siren_and_the_facts_as_its_message()
    {
        var down = Json(NtfySender.Payload(SampleNotices.Down, Topic));

        Assert.Equal(Topic, down.GetProperty("topic").GetString());
        Assert.Equal("DOWN: checkout <eu>", down.GetProperty("title").GetString());
        Assert.Equal(5, down.GetProperty("priority").GetInt32());
        Assert.Equal(["rotating_light"], down.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        var message = down.GetProperty("message").GetString()!;
        Assert.Contains("URL: https://shop.example/health", message);
        Assert.Contains("Error: unexpected status code 503", message);
        Assert.Contains("Down since: 2026-11-24 09:00:00 UTC", message);
    }

    [Fact]
    public void An_UP_notice_has_the_default_priority_a_check_mark_and_how_long_it_was_down()
    {
        var up = Json(NtfySender.Payload(SampleNotices.Up, Topic));

        Assert.Equal("UP: checkout <eu>", up.GetProperty("title").GetString());
        Assert.Equal(3, up.GetProperty("priority").GetInt32());
        Assert.Equal(["white_check_mark"], up.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Contains("Was down for: 12m 5s", up.GetProperty("message").GetString());
        Assert.Equal(4, NtfySender.Priority(SampleNotices.Down with { Kind = NotificationKind.Reminder }));
        Assert.Equal(2, NtfySender.Priority(SampleNotices.Down with { Kind = NotificationKind.MaintenanceStarted }));
    }

    [Fact]
    public void A_long_message_is_cut_at_a_whole_character_to_ntfys_4096_bytes()
    {
        var message = Json(NtfySender.Payload(SampleNotices.Down with { Error = new string('é', 5000) }, Topic)).GetProperty("message").GetString()!;

        Assert.InRange(Encoding.UTF8.GetByteCount(message), NtfySender.MaxMessageBytes - 4, NtfySender.MaxMessageBytes);
        Assert.EndsWith("é…", message);
    }

    [Fact]
    public async Task A_notice_is_posted_as_JSON_to_the_server_root_with_the_access_token_as_a_Bearer_token()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var deliveryId = Guid.NewGuid();

        await SendAsync(SampleNotices.Down with { DeliveryId = deliveryId }, new NtfyChannel { ServerUrl = $"http://127.0.0.1:{receiver.Port}", Topic = Topic, AccessToken = Token });

        var request = Assert.Single(receiver.At("/"));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal($"Bearer {Token}", request.Headers["Authorization"]);
        Assert.Equal(deliveryId.ToString(), request.Headers[JsonWebhookClient.IdempotencyKeyHeader]);
        var body = JsonDocument.Parse(request.Body).RootElement;
        Assert.Equal((Topic, "DOWN: checkout <eu>", 5), (body.GetProperty("topic").GetString(), body.GetProperty("title").GetString(), body.GetProperty("priority").GetInt32()));
    }

    [Fact]
    public async Task A_public_topic_gets_no_Authorization_header()
    {
        await using var receiver = await WebhookReceiver.StartAsync();

        await SendAsync(SampleNotices.Up, new NtfyChannel { ServerUrl = receiver.UrlFor(""), Topic = Topic });

        Assert.False(Assert.Single(receiver.At("/")).Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_refused_token_fails_for_good_a_server_error_is_retried_and_neither_error_shows_the_token_or_topic()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Answer("/", 403, 502);
        var settings = new NtfyChannel { ServerUrl = receiver.UrlFor(""), Topic = Topic, AccessToken = Token };

        var refused = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));
        var failing = await Assert.ThrowsAsync<DeliveryFailedException>(() => SendAsync(SampleNotices.Down, settings));

        Assert.Equal((false, true), (refused.Transient, failing.Transient));
        Assert.StartsWith("403", refused.Message);
        Assert.All(new[] { refused.Message, failing.Message }, m => Assert.DoesNotContain("secret", m));
    }

    [Theory]
    [InlineData("""{"topic":""}""", "topic")]
    [InlineData("""{"topic":"has space"}""", "topic")]
    [InlineData("""{"topic":"a/b"}""", "topic")]
    [InlineData("""{"topic":"ok","serverUrl":"ftp://ntfy.example.com"}""", "serverUrl")]
    [InlineData("""{"topic":"ok","accessToken":"tk_a b"}""", "accessToken")]
    public void Bad_settings_are_errors_by_field(string config, string field)
    {
        var errors = new CheckErrors();

        ChannelSettingsJson.Read(ChannelKinds.Named("ntfy")!, System.Text.Json.Nodes.JsonNode.Parse(config)!.AsObject()).Resolve(null, errors);

        Assert.Equal([field], errors.ToDictionary().Keys);
    }

    [Fact]
    public void An_empty_server_url_means_ntfy_sh_and_values_are_trimmed()
    {
        var errors = new CheckErrors();

        var resolved = (NtfyChannel)new NtfyChannel { Topic = $" {Topic} ", AccessToken = "" }.Resolve(null, errors);

        Assert.Equal(0, errors.Count);
        Assert.Equal(("https://ntfy.sh", Topic, null), (resolved.ServerUrl, resolved.Topic, resolved.AccessToken));
        Assert.Equal("ntfy.sh topic …k3x9", resolved.Destination);
    }

    [Fact]
    public void Masked_settings_hide_the_topic_and_token_and_sent_back_masked_keep_the_stored_ones()
    {
        var stored = new NtfyChannel { ServerUrl = "https://ntfy.example.com", Topic = Topic, AccessToken = Token };

        var masked = (NtfyChannel)stored.Masked();
        var errors = new CheckErrors();
        var resolved = masked.Resolve(stored, errors);

        Assert.Equal(("https://ntfy.example.com", "…k3x9", "…n0pq"), (masked.ServerUrl, masked.Topic, masked.AccessToken));
        Assert.DoesNotContain("secret", ChannelSettingsJson.Serialize(masked));
        Assert.Equal(0, errors.Count);
        Assert.Equal(stored, resolved);
    }
}
