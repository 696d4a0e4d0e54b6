using System.Net;
using System.Net.Sockets;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Telegram;
using Sentinel.Testing;
using static Sentinel.Alerter.Tests.Channels.SampleNotices;

namespace Sentinel.Alerter.Tests.Channels;

public sealed class TelegramChannelTests : IAsyncLifetime
{
    private const string Token = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync() => _receiver = await WebhookReceiver.StartAsync();

    public async Task DisposeAsync() => await _receiver.DisposeAsync();

    private TelegramChannel AtReceiver(string chatId = "-1001234567890") => new() { BotToken = Token, ChatId = chatId, ApiUrl = _receiver.UrlFor("tg") };

    private static string MethodPath => $"tg/bot{Token}/sendMessage";

    [Fact]
    public void A_down_notice_is_html_with_every_value_escaped_and_link_previews_off()
    {
        var settings = new TelegramChannel { BotToken = Token, ChatId = "-1001234567890" };
        var payload = Json(TelegramSender.Payload(Down with { Error = "expected <b>ok</b> & got 503" }, settings));

        Assert.Equal(-1001234567890, payload.GetProperty("chat_id").GetInt64());
        Assert.Equal("HTML", payload.GetProperty("parse_mode").GetString());
        Assert.True(payload.GetProperty("link_preview_options").GetProperty("is_disabled").GetBoolean());
        Assert.False(payload.TryGetProperty("message_thread_id", out _));
        Assert.Equal(
            """
            <b>DOWN: checkout &lt;eu&gt;</b>
            <b>URL:</b> https://shop.example/health
            <b>Error:</b> expected &lt;b&gt;ok&lt;/b&gt; &amp; got 503
            <b>Status code:</b> 503
            <b>Latency:</b> 120.4 ms
            <b>Down since:</b> 2026-11-24 09:00:00 UTC
            <i>Sentinel · 2026-11-24 09:00:00 UTC</i>
            """.ReplaceLineEndings("\n"),
            payload.GetProperty("text").GetString());
    }

    [Fact]
    public void An_up_notice_says_how_long_it_was_down_and_a_channel_username_and_topic_are_passed_on()
    {
        var payload = Json(TelegramSender.Payload(Up, new TelegramChannel { BotToken = Token, ChatId = "@sentinel_alerts", MessageThreadId = 42 }));

        Assert.Equal("@sentinel_alerts", payload.GetProperty("chat_id").GetString());
        Assert.Equal(42, payload.GetProperty("message_thread_id").GetInt32());
        Assert.StartsWith("<b>UP: checkout &lt;eu&gt;</b>\n", payload.GetProperty("text").GetString());
        Assert.Contains("<b>Was down for:</b> 12m 5s\n", payload.GetProperty("text").GetString());
    }

    [Fact]
    public void Long_texts_are_clipped_to_what_telegram_takes()
    {
        var text = TelegramSender.Text(Down with { MonitorName = new string('&', 5000), Error = new string('<', 100_000), MonitorUrl = new string('u', 100_000) });

        // Telegram counts the text as shown: each entity is one character, tags none.
        var shown = WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Replace(text, "</?[bi]>", ""));
        Assert.InRange(shown.Length, 1, TelegramSender.MaxTextLength);
    }

    [Fact]
    public async Task The_message_is_posted_as_json_to_sendMessage_under_the_bot_token()
    {
        await new TelegramSender(Client()).SendAsync(Down, AtReceiver(), CancellationToken.None);

        var (_, body) = SingleJsonPost(_receiver, MethodPath);
        Assert.Equal(-1001234567890, body.GetProperty("chat_id").GetInt64());
        Assert.Equal("HTML", body.GetProperty("parse_mode").GetString());
        Assert.StartsWith("<b>DOWN: checkout &lt;eu&gt;</b>", body.GetProperty("text").GetString());
    }

    [Fact]
    public async Task A_chat_the_bot_cannot_post_to_fails_for_good_and_flood_control_is_retried()
    {
        _receiver.Answer(MethodPath, 403, """{"ok":false,"error_code":403,"description":"Forbidden: bot was kicked from the group chat"}""");
        _receiver.Answer(MethodPath, 429, """{"ok":false,"error_code":429,"description":"Too Many Requests: retry after 1","parameters":{"retry_after":1}}""");
        var sender = new TelegramSender(Client());

        var kicked = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, AtReceiver(), CancellationToken.None));
        var flooded = await Assert.ThrowsAsync<DeliveryFailedException>(() => sender.SendAsync(Down, AtReceiver(), CancellationToken.None));

        Assert.False(kicked.Transient);
        Assert.Contains("bot was kicked from the group chat", kicked.Message);
        Assert.True(flooded.Transient);
    }

    [Fact]
    public async Task An_error_page_echoing_the_path_does_not_reveal_the_bot_token()
    {
        _receiver.Answer(MethodPath, 404, $"no route for /tg/bot{Token}/sendMessage (also /tg/bot{Uri.EscapeDataString(Token)}/sendMessage)");

        var failed = await Assert.ThrowsAsync<DeliveryFailedException>(() => new TelegramSender(Client()).SendAsync(Down, AtReceiver(), CancellationToken.None));

        Assert.False(failed.Transient);
        Assert.StartsWith("404", failed.Message);
        Assert.DoesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5", failed.Message);
        Assert.Contains("no route for /tg/bot…", failed.Message);
    }

    [Fact]
    public async Task A_bot_api_server_that_cannot_be_reached_is_retried_without_revealing_the_token()
    {
        int closedPort;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var settings = AtReceiver() with { ApiUrl = $"http://127.0.0.1:{closedPort}" };

        var failed = await Assert.ThrowsAsync<DeliveryFailedException>(() => new TelegramSender(Client()).SendAsync(Down, settings, CancellationToken.None));

        Assert.True(failed.Transient);
        Assert.DoesNotContain("AAHdqTcvCH1vGWJxfSeofSAs0K5", failed.ToString());
    }

    public static TheoryData<TelegramChannel, string> BadSettings => new()
    {
        { new TelegramChannel { ChatId = "-100123" }, "botToken" },
        { new TelegramChannel { BotToken = "not a token", ChatId = "-100123" }, "botToken" },
        { new TelegramChannel { BotToken = Token + "/../getMe?", ChatId = "-100123" }, "botToken" },
        { new TelegramChannel { BotToken = Token }, "chatId" },
        { new TelegramChannel { BotToken = Token, ChatId = "my group" }, "chatId" },
        { new TelegramChannel { BotToken = Token, ChatId = "@abc" }, "chatId" },
        { new TelegramChannel { BotToken = Token, ChatId = "-100123", MessageThreadId = 0 }, "messageThreadId" },
        { new TelegramChannel { BotToken = Token, ChatId = "-100123", ApiUrl = "api.telegram.org" }, "apiUrl" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public void Bad_settings_are_an_error_under_their_field_that_never_repeats_the_token(TelegramChannel settings, string field)
    {
        var errors = Resolve(settings).Errors;

        Assert.Equal([field], errors.Keys);
        Assert.DoesNotContain(errors[field], message => message.Contains("AAHdqTcv", StringComparison.Ordinal) || message.Contains("not a token", StringComparison.Ordinal));
    }

    [Fact]
    public void The_api_url_defaults_to_telegrams_own_and_is_what_the_alerter_connects_to()
    {
        var (errors, resolved) = Resolve(new TelegramChannel { BotToken = $" {Token} ", ChatId = " -100123 " });

        Assert.Empty(errors);
        Assert.Equal(new TelegramChannel { BotToken = Token, ChatId = "-100123", ApiUrl = "https://api.telegram.org" }, resolved);
        Assert.Equal([("apiUrl", new Uri("https://api.telegram.org"))], resolved.Endpoints());
        Assert.Equal($"https://api.telegram.org/bot{Token}/sendMessage", TelegramSender.MethodUrl((TelegramChannel)resolved));
    }

    [Fact]
    public void The_masked_token_hides_the_secret_and_sent_back_keeps_the_stored_one()
    {
        var stored = new TelegramChannel { BotToken = Token, ChatId = "-100123", MessageThreadId = 7, ApiUrl = "https://api.telegram.org" };

        var masked = stored.Masked();
        var (errors, resolved) = Resolve(masked, stored);

        Assert.DoesNotContain("AAHdqTcv", ChannelSettingsJson.Show(masked).ToJsonString());
        Assert.DoesNotContain("110201543", ChannelSettingsJson.Show(masked).ToJsonString());
        Assert.Equal("chat -100123, topic 7", stored.Destination);
        Assert.Empty(errors);
        Assert.Equal(stored, resolved);
    }
}
