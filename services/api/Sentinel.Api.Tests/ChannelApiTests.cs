using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;
using Sentinel.Channels;
using Sentinel.Channels.Kinds.Discord;
using Sentinel.Channels.Kinds.Email;
using Sentinel.Channels.Kinds.GoogleChat;
using Sentinel.Channels.Kinds.Mattermost;
using Sentinel.Channels.Kinds.Slack;
using Sentinel.Channels.Kinds.Teams;
using Sentinel.Channels.Kinds.Telegram;
using Sentinel.Channels.Kinds.Webhook;

namespace Sentinel.Api.Tests;

[Collection(Dashboard.BrokerRequestsCollection.Name)]
public sealed class ChannelApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string SlackUrl = "https://hooks.slack.com/services/T000/B000/XXXXsecretTOKEN";
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/channels", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    [Fact]
    public async Task A_channel_is_created_and_its_webhook_url_is_never_shown_in_full()
    {
        var created = await CreateAsync(new { name = "ops slack", type = "slack", config = new { webhookUrl = SlackUrl }, @default = true });

        Assert.Equal("slack", (string?)created["type"]);
        Assert.True((bool)created["default"]!);
        var shown = (string)created["config"]!["webhookUrl"]!;
        Assert.StartsWith("https://hooks.slack.com/…", shown);
        Assert.DoesNotContain("secretTOKEN", shown);
        var listed = await _client.GetStringAsync("/api/v1/channels");
        Assert.DoesNotContain("secretTOKEN", listed);
        Assert.DoesNotContain("secretTOKEN", await _client.GetStringAsync($"/api/v1/channels/{created["id"]}"));
    }

    private const string TelegramToken = "110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";

    /// <summary>A kind's config as created, the secret it holds, and the field the api shows masked.</summary>
    public static TheoryData<string, string, string, string> ChatKinds => new()
    {
        { "teams", """{"webhookUrl":"https://prod-12.westeurope.logic.azure.com/workflows/5f1c/triggers/manual/paths/invoke?api-version=2016-06-01&sig=SeCrEtSiGnAtUrE123"}""", "SeCrEtSiGnAtUrE", "webhookUrl" },
        { "mattermost", """{"webhookUrl":"https://chat.example.com/hooks/xxxgeneratedkeysecret9z","channel":"ops-alerts","username":"Sentinel"}""", "generatedkeysecret", "webhookUrl" },
        { "googlechat", """{"webhookUrl":"https://chat.googleapis.com/v1/spaces/AAAA/messages?key=AIzaSyDdI0hCZtE6&token=TokenSecretPart77"}""", "TokenSecret", "webhookUrl" },
        { "telegram", $$"""{"botToken":"{{TelegramToken}}","chatId":"-1001234567890","messageThreadId":7}""", "AAHdqTcvCH1vGWJx", "botToken" },
    };

    [Theory]
    [MemberData(nameof(ChatKinds))]
    public async Task A_chat_channel_is_created_shown_masked_and_updated_with_the_masked_secret_kept(string type, string config, string secret, string secretField)
    {
        var created = await CreateAsync(new { name = $"ops {type}", type, config = JsonNode.Parse(config) });
        var id = (string)created["id"]!;

        Assert.Equal(type, (string?)created["type"]);
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/channels/{id}"))!;
        Assert.DoesNotContain(secret, shown.ToJsonString());
        Assert.DoesNotContain(secret, await _client.GetStringAsync("/api/v1/channels"));
        Assert.StartsWith("…", ((string)shown["config"]![secretField]!).Split('/').Last());
        var response = await _client.PutAsync($"/api/v1/channels/{id}", Json(new JsonObject { ["name"] = "renamed", ["type"] = type, ["config"] = shown["config"]!.DeepClone() }.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal("renamed", stored.Name);
        Assert.Contains(secret, ChannelSettingsJson.Serialize(stored.Config));
    }

    [Fact]
    public async Task A_telegram_topic_id_is_bounded_where_the_openapi_document_says()
    {
        var document = JsonNode.Parse(await _client.GetStringAsync("/openapi/v1.json"))!;
        var topic = document["components"]!["schemas"]!["TelegramChannel"]!["properties"]!["messageThreadId"]!;
        var (minimum, maximum) = ((long)topic["minimum"]!, (long)topic["maximum"]!);

        foreach (var (value, accepted) in new[] { (minimum, true), (maximum, true), (minimum - 1, false), (maximum + 1, false) })
        {
            var response = await _client.PostAsync("/api/v1/channels", Json($$$"""{"name":"tg","type":"telegram","config":{"botToken":"{{{TelegramToken}}}","chatId":"-100123","messageThreadId":{{{value}}}}}"""));

            Assert.True(response.StatusCode == (accepted ? HttpStatusCode.Created : HttpStatusCode.BadRequest), $"messageThreadId = {value}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Putting_back_the_masked_url_keeps_the_stored_one()
    {
        var created = await CreateAsync(new { name = "discord", type = "discord", config = new { webhookUrl = SlackUrl } });
        var id = Guid.Parse((string)created["id"]!);

        var response = await _client.PutAsJsonAsync($"/api/v1/channels/{id}", new { name = "renamed", type = "discord", config = new { webhookUrl = (string)created["config"]!["webhookUrl"]! } });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.Database.CreateDbContext();
        var stored = await db.AlertChannels.SingleAsync(c => c.Id == id);
        Assert.Equal(("renamed", SlackUrl), (stored.Name, (stored.Config as DiscordChannel)?.WebhookUrl));
    }

    [Fact]
    public async Task The_channel_GET_shows_sent_back_with_PUT_keeps_its_url_and_ignores_read_only_fields()
    {
        var id = (string)(await CreateAsync(new { name = "ops slack", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!;
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/channels/{id}"))!.AsObject();
        shown["name"] = "renamed";
        shown["createdAt"] = "2001-01-01T00:00:00Z";

        var response = await _client.PutAsync($"/api/v1/channels/{id}", Json(shown.ToJsonString()));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal(("renamed", SlackUrl), (stored.Name, (stored.Config as SlackChannel)?.WebhookUrl));
        Assert.True(stored.CreatedAt > new DateTime(2001, 1, 2, 0, 0, 0, DateTimeKind.Utc));
    }

    [Fact]
    public async Task A_channel_is_told_of_degraded_monitors_only_when_it_asks_to_be()
    {
        var quiet = await CreateAsync(new { name = "quiet", type = "slack", config = new { webhookUrl = SlackUrl } });
        var id = (string)(await CreateAsync(new { name = "eager", type = "slack", config = new { webhookUrl = SlackUrl }, notifyDegraded = true }))["id"]!;

        Assert.False((bool)quiet["notifyDegraded"]!);
        Assert.True((await StoredAsync(id)).NotifyDegraded);
        var renamed = JsonNode.Parse(await (await PatchAsync(id, """{"name":"still eager"}""")).Content.ReadAsStringAsync())!;
        Assert.True((bool)renamed["notifyDegraded"]!);
        await PatchAsync(id, """{"notifyDegraded":false}""");
        Assert.False((await StoredAsync(id)).NotifyDegraded);
    }

    [Fact]
    public async Task A_merge_patch_renames_a_channel_and_keeps_its_webhook_url()
    {
        var id = (string)(await CreateAsync(new { name = "ops slack", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!;

        var response = await PatchAsync(id, """{"name":"renamed","default":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("secretTOKEN", await response.Content.ReadAsStringAsync());
        var stored = await StoredAsync(id);
        Assert.Equal(("renamed", true, "slack", SlackUrl), (stored.Name, stored.IsDefault, stored.Type, (stored.Config as SlackChannel)?.WebhookUrl));
    }

    [Fact]
    public async Task A_merge_patch_turns_a_slack_channel_into_a_webhook_with_null_removing_the_slack_url()
    {
        var id = (string)(await CreateAsync(new { name = "ops", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!;

        var response = await PatchAsync(id, """{"type":"webhook","config":{"webhookUrl":null,"url":"https://hooks.example.com/sentinel"}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await StoredAsync(id);
        Assert.Equal(("webhook", null, "https://hooks.example.com/sentinel"), (stored.Type, (stored.Config as SlackChannel)?.WebhookUrl, (stored.Config as WebhookChannel)?.Url));
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"type":"email"}""", "config.to")]
    [InlineData("""{"config":{"webhookUrl":"http://169.254.169.254/hook"}}""", "config.webhookUrl")]
    [InlineData("""{"config":{"token":"t"}}""", "config.token")]
    public async Task A_merge_patch_making_the_channel_invalid_is_a_400_naming_the_field_and_changes_nothing(string patch, string field)
    {
        var id = (string)(await CreateAsync(new { name = "ops", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!;

        var response = await PatchAsync(id, patch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
        var stored = await StoredAsync(id);
        Assert.Equal(("ops", "slack", SlackUrl), (stored.Name, stored.Type, (stored.Config as SlackChannel)?.WebhookUrl));
    }

    [Fact]
    public async Task A_channel_patch_needs_the_merge_patch_media_type_and_a_channel_that_exists()
    {
        var id = (string)(await CreateAsync(new { name = "ops", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!;

        var plainJson = await _client.PatchAsync($"/api/v1/channels/{id}", Json("""{"name":"renamed"}"""));
        var unknown = await PatchAsync(Guid.NewGuid().ToString(), """{"name":"renamed"}""");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainJson.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("ops", (await StoredAsync(id)).Name);
    }

    private Task<HttpResponseMessage> PatchAsync(string id, string patch) =>
        _client.PatchAsync($"/api/v1/channels/{id}", new StringContent(patch, Encoding.UTF8, "application/merge-patch+json"));

    private async Task<AlertChannel> StoredAsync(string id)
    {
        await using var db = api.Database.CreateDbContext();
        return await db.AlertChannels.SingleAsync(c => c.Id == Guid.Parse(id));
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    public static TheoryData<string, string> BadChannels => new()
    {
        { """{"name":"x","type":"pager","config":{}}""", "type" },
        { """{"type":"slack","config":{"webhookUrl":"https://hooks.slack.com/x"}}""", "name" },
        { """{"name":"x","type":"slack","config":{}}""", "config.webhookUrl" },
        { """{"name":"x","type":"slack","config":{"webhookUrl":"ftp://hooks/x"}}""", "config.webhookUrl" },
        { """{"name":"x","type":"slack","config":{"webhookUrl":"https://h.example/x","to":["a@b.c"]}}""", "config.to" },
        { """{"name":"x","type":"email","config":{"to":[]}}""", "config.to" },
        { """{"name":"x","type":"email","config":{"to":["not an address"]}}""", "config.to" },
        // .NET's MailAddress takes both; MimeKit, which sends the mail, cannot read the first, and the second has no domain.
        { """{"name":"x","type":"email","config":{"to":["x.@example.test"]}}""", "config.to" },
        { """{"name":"x","type":"email","config":{"to":["ops"]}}""", "config.to" },
        { """{"name":"x","type":"webhook","config":{"webhookUrl":"https://h.example/x"}}""", "config.url" },
        { """{"name":"x","type":"webhook","config":{"url":"https://h.example/x","token":"t"}}""", "config.token" },
        { """{"name":"x","type":"teams","config":{}}""", "config.webhookUrl" },
        { """{"name":"x","type":"mattermost","config":{"webhookUrl":"https://chat.example.com/hooks/x","channel":"two words"}}""", "config.channel" },
        { """{"name":"x","type":"googlechat","config":{"webhookUrl":"http://169.254.169.254/v1/spaces/x"}}""", "config.webhookUrl" },
        { """{"name":"x","type":"telegram","config":{"botToken":"nope","chatId":"-100123"}}""", "config.botToken" },
        { """{"name":"x","type":"telegram","config":{"botToken":"1:abc","chatId":"-100123","messageThreadId":"seven"}}""", "config.messageThreadId" },
        { """{"name":"x","type":"ntfy","config":{"topic":"no spaces please"}}""", "config.topic" },
        { """{"name":"x","type":"ntfy","config":{"topic":"ops","serverUrl":"http://169.254.169.254/"}}""", "config.serverUrl" },
        { """{"name":"x","type":"gotify","config":{"serverUrl":"https://gotify.example.com"}}""", "config.appToken" },
        { """{"name":"x","type":"pushover","config":{"appToken":"tooshort","userKey":"uQiRzpo4DXghDmr9QzzfQu27cmVRsG"}}""", "config.appToken" },
        { """{"name":"x","type":"pagerduty","config":{"routingKey":"too-short"}}""", "config.routingKey" },
        { """{"name":"x","type":"pagerduty","config":{"routingKey":"R0123456789abcdefghijKLMNOPQRSTU","severity":"fatal"}}""", "config.severity" },
        { """{"name":"x","type":"opsgenie","config":{}}""", "config.apiKey" },
        { """{"name":"x","type":"opsgenie","config":{"apiKey":"k","apiUrl":"http://169.254.169.254/"}}""", "config.apiUrl" },
        { """{"name":"x","type":"alertmanager","config":{"url":"alertmanager:9093"}}""", "config.url" },
    };

    public static TheoryData<string, string, string, string> PagingChannels => new()
    {
        // type, config, the field holding the secret, the secret
        { "pagerduty", """{"routingKey":"R0123456789abcdefghijKLMNOsecret"}""", "routingKey", "R0123456789abcdefghijKLMNOsecret" },
        { "opsgenie", """{"apiKey":"eb243592-faa2-4ba2-a551-1afdf5secret","apiUrl":"https://api.eu.opsgenie.com"}""", "apiKey", "eb243592-faa2-4ba2-a551-1afdf5secret" },
        { "alertmanager", """{"url":"https://proxy.example/alertmanager/XyZsecret","dashboardUrl":"https://sentinel.example"}""", "url", "https://proxy.example/alertmanager/XyZsecret" },
    };

    [Theory]
    [MemberData(nameof(PagingChannels))]
    public async Task A_paging_channel_is_created_through_the_api_and_shown_with_its_secret_masked(string type, string config, string field, string secret)
    {
        var created = await CreateAsync(JsonNode.Parse($$"""{"name":"{{type}}","type":"{{type}}","config":{{config}}}""")!);
        var id = (string)created["id"]!;

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/channels/{id}"))!;
        Assert.Equal(type, (string?)shown["type"]);
        Assert.DoesNotContain("secret", created.ToJsonString());
        Assert.DoesNotContain("secret", shown.ToJsonString());
        Assert.DoesNotContain("secret", await _client.GetStringAsync("/api/v1/channels"));

        // Sent back as shown, the secret stays.
        var response = await _client.PutAsync($"/api/v1/channels/{id}", Json(shown.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = ChannelSettingsJson.Show((await StoredAsync(id)).Config);
        Assert.Equal(secret, (string?)stored[field]);
    }

    [Theory]
    [MemberData(nameof(BadChannels))]
    public async Task Bad_channels_are_problems_naming_the_field(string body, string field)
    {
        var response = await _client.PostAsync("/api/v1/channels", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    public static TheoryData<string, string, string, string[]> PushChannels => new()
    {
        { "ntfy", """{"serverUrl":"https://ntfy.example.com","topic":"ops-secretTOPIC-k3x9","accessToken":"tk_secretTOKENabcdefghijklmn0pq"}""", """{"serverUrl":"https://ntfy.example.com","topic":"…k3x9","accessToken":"…n0pq"}""", ["secretTOPIC", "secretTOKEN"] },
        { "gotify", """{"serverUrl":"https://gotify.example.com","appToken":"AsecretTOKEN.x7Qz"}""", """{"serverUrl":"https://gotify.example.com","appToken":"…x7Qz"}""", ["secretTOKEN"] },
        // Without an apiUrl: Pushover's own is filled in.
        { "pushover", """{"appToken":"secretAPPtoken0123456789abcdef","userKey":"secretUSERkey00123456789abcdeU","device":"phone"}""", """{"apiUrl":"https://api.pushover.net/1/messages.json","appToken":"…cdef","userKey":"…cdeU","device":"phone"}""", ["secretAPP", "secretUSER"] },
    };

    [Theory]
    [MemberData(nameof(PushChannels))]
    public async Task A_push_channel_is_created_stored_whole_and_shown_with_its_secrets_masked(string type, string config, string shownConfig, string[] secrets)
    {
        var created = await CreateAsync(JsonNode.Parse($$"""{"name":"ops {{type}}","type":"{{type}}","config":{{config}}}""")!);

        Assert.Equal(type, (string?)created["type"]);
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/channels/{created["id"]}"))!;
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(shownConfig), shown["config"]), shown["config"]!.ToJsonString());
        var listed = await _client.GetStringAsync("/api/v1/channels");
        Assert.All(secrets, secret => Assert.DoesNotContain(secret, created.ToJsonString() + shown.ToJsonString() + listed));
        var stored = ChannelSettingsJson.Serialize((await StoredAsync((string)created["id"]!)).Config);
        Assert.All(secrets, secret => Assert.Contains(secret, stored));
    }

    [Fact]
    public async Task Monitors_take_existing_channels_only_and_lose_a_deleted_one()
    {
        var mail = await CreateAsync(new { name = "mail", type = "email", config = new { to = new[] { "ops@example.com" } } });
        var mailId = (string)mail["id"]!;

        var unknown = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "m", url = "https://a.example/", channelIds = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.NotNull(JsonNode.Parse(await unknown.Content.ReadAsStringAsync())!["errors"]!["channelIds"]);

        var created = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "m", url = "https://a.example/", channelIds = new[] { mailId }, sendOnResolved = false, reminderIntervalMinutes = 30 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var monitor = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        Assert.Equal(mailId, (string?)monitor["channelIds"]![0]);
        Assert.False((bool)monitor["sendOnResolved"]!);
        Assert.Equal(30, (int)monitor["reminderIntervalMinutes"]!);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/channels/{mailId}")).StatusCode);
        var after = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor["id"]}"))!;
        Assert.Empty(after["channelIds"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/channels/{mailId}")).StatusCode);
    }

    [Fact]
    public async Task Alerts_are_listed_per_monitor_and_unknown_monitors_are_404()
    {
        var monitor = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "m", url = "https://a.example/" })).Content.ReadAsStringAsync())!;

        var alerts = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitor["id"]}/alerts"))!;
        Assert.Empty(alerts["items"]!.AsArray());
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/monitors/{Guid.NewGuid()}/alerts")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/v1/channels/{Guid.NewGuid()}/test", null)).StatusCode);
    }

    [Fact]
    public async Task Every_alert_is_listed_newest_first_with_Sentinels_own_notices_that_belong_to_no_monitor()
    {
        var monitor = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "m", url = "https://a.example/" })).Content.ReadAsStringAsync())!;
        var monitorId = Guid.Parse((string)monitor["id"]!);
        var channelId = Guid.Parse((string)(await CreateAsync(new { name = "ops", type = "slack", config = new { webhookUrl = SlackUrl } }))["id"]!);
        // Ids are version 7 UUIDs, ordered by their time (within one millisecond they are not).
        NotificationDelivery Delivery(Guid? monitor, NotificationKind kind, int secondsAgo) => new()
        {
            Id = Guid.CreateVersion7(DateTimeOffset.UtcNow.AddSeconds(-secondsAgo)), TransitionId = Guid.NewGuid(), ChannelId = channelId, MonitorId = monitor, Kind = kind,
            ChannelName = "ops", ChannelType = "slack", State = DeliveryState.Sent, CreatedAt = DateTime.UtcNow, NextAttemptAt = DateTime.UtcNow,
        };
        var down = Delivery(monitorId, NotificationKind.Down, secondsAgo: 2);
        var notChecking = Delivery(null, NotificationKind.NotChecking, secondsAgo: 1);
        await using (var db = api.Database.CreateDbContext())
        {
            db.NotificationDeliveries.AddRange(down, notChecking);
            await db.SaveChangesAsync();
        }

        // Other tests of this class add alerts too: page through all and keep these two.
        var seen = new List<JsonNode>();
        for (string? next = ""; next is not null;)
        {
            var page = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/alerts?limit=1{(next == "" ? "" : "&cursor=" + next)}"))!;
            seen.AddRange(page["items"]!.AsArray().Select(a => a!));
            next = (string?)page["next"];
        }

        var ours = seen.Where(a => (string?)a["id"] == down.Id.ToString() || (string?)a["id"] == notChecking.Id.ToString()).ToList();
        Assert.Equal([notChecking.Id.ToString(), down.Id.ToString()], ours.Select(a => (string)a["id"]!));
        Assert.Equal([null, monitorId.ToString()], ours.Select(a => (string?)a["monitorId"]));
        Assert.Equal(["notChecking", "down"], ours.Select(a => (string)a["kind"]!));
        var monitorAlerts = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{monitorId}/alerts"))!["items"]!.AsArray();
        Assert.Equal([down.Id.ToString()], monitorAlerts.Select(a => (string)a!["id"]!));
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/alerts?cursor=nope")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/alerts?limit=0")).StatusCode);
    }

    [Fact]
    public async Task A_channel_test_the_alerter_fails_on_is_a_502_with_the_reason_not_a_500()
    {
        var channel = await CreateAsync(new { name = "mail", type = "email", config = new { to = new[] { "ops@example.com" } } });
        // Stands in for an alerter whose consumer throws; the queue goes with the bus.
        var alerter = Bus.Factory.CreateUsingRabbitMq(bus =>
        {
            bus.Host(TestInfrastructure.RabbitMqHost, ushort.Parse(TestInfrastructure.RabbitMqPort), TestInfrastructure.BrokerSettings["RabbitMq__VirtualHost"], host =>
            {
                host.Username(TestInfrastructure.BrokerSettings["RabbitMq__Username"]);
                host.Password(TestInfrastructure.BrokerSettings["RabbitMq__Password"]);
            });
            bus.ReceiveEndpoint($"broken-alerter-{Guid.NewGuid():N}", endpoint =>
            {
                endpoint.AutoDelete = true;
                endpoint.Durable = false;
                endpoint.Handler<TestChannel>(_ => throw new InvalidOperationException("the alerter broke"));
            });
        });
        await alerter.StartAsync();
        try
        {
            var response = await _client.PostAsync($"/api/v1/channels/{channel["id"]}/test", null);

            Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
            Assert.Contains("the alerter broke", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["detail"]!.GetValue<string>());
        }
        finally
        {
            await alerter.StopAsync();
        }
    }
}
