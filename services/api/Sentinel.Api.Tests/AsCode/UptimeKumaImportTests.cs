using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.AsCode;
using Sentinel.Api.AsCode.Import;

namespace Sentinel.Api.Tests.AsCode;

public sealed class UptimeKumaImportTests
{
    private static readonly ImportedConfig Backup = UptimeKumaImport.Import(Fixture("backup.json"));

    internal static string Fixture(string name) =>
        File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AsCode", "Fixtures", "uptime-kuma", name));

    internal static IEnumerable<JsonObject> Kind(string kind) => Backup.Document[kind]!.AsArray().Select(n => n!.AsObject());

    private static JsonObject Monitor(string name) => Kind("monitors").Single(m => (string?)m["name"] == name);

    private static JsonObject Channel(string name) => Kind("channels").Single(c => (string?)c["name"] == name);

    private static string[] Strings(JsonNode? list) => [.. list!.AsArray().Select(n => (string)n!)];

    /// <summary>The one report line about <paramref name="item"/> that names <paramref name="what"/>.</summary>
    private static string Reported(string item, string what) =>
        Assert.Single(Backup.NotMapped, line => line.StartsWith(item + ": " + what, StringComparison.Ordinal));

    [Fact]
    public void An_http_monitor_keeps_its_url_method_body_headers_auth_redirects_tls_codes_timeout_and_thresholds()
    {
        var shop = Monitor("Shop API");

        Assert.Equal("https://shop.example.com/api/health", (string?)shop["url"]);
        Assert.Equal("POST", (string?)shop["method"]);
        Assert.Equal("{\"probe\": true}", (string?)shop["body"]);
        Assert.Equal(("application/json", "kuma"), ((string?)shop["headers"]!["Accept"], (string?)shop["headers"]!["X-Probe"]));
        Assert.Equal(("monitor", "s3cret"), ((string?)shop["basicAuth"]!["username"], (string?)shop["basicAuth"]!["password"]));
        Assert.False((bool)shop["followRedirects"]!);
        Assert.False((bool)shop["verifyTls"]!);
        Assert.Equal([200, 204, 404], shop["expectedStatusCodes"]!.AsArray().Select(c => (int)c!));
        Assert.Null(shop["conditions"]);
        Assert.Equal(20, (int)shop["timeoutSeconds"]!);
        Assert.Equal(30, (int)shop["intervalSeconds"]!);
        // maxretries 2: pending twice, down at the third failure in a row.
        Assert.Equal(3, (int)shop["failureThreshold"]!);
        // resendInterval 10 checks of 30 s.
        Assert.Equal(5, (int)shop["reminderIntervalMinutes"]!);
        Assert.Null(shop["enabled"]);
        Assert.Equal(["env:prod", "Team-Shop"], Strings(shop["tags"]));
        Assert.Equal(["Ops Slack", "Mail"], Strings(shop["channels"]));
    }

    [Fact]
    public void Keyword_monitors_become_a_body_pattern_after_the_status_rule_kuma_checks_first()
    {
        var found = Monitor("Status page text");
        var absent = Monitor("No errors");

        Assert.Equal(["[STATUS] >= 200", "[STATUS] <= 299", "[BODY] == pat(*All systems operational*)"], Strings(found["conditions"]));
        Assert.Equal(["[STATUS] >= 200", "[STATUS] <= 299", "[BODY] != pat(*error*)"], Strings(absent["conditions"]));
        Assert.Null(found["expectedStatusCodes"]);
        Assert.Equal(["Discord"], Strings(found["channels"]));
    }

    [Fact]
    public void A_json_query_on_a_plain_path_becomes_a_body_path_condition()
    {
        Assert.Equal(["[STATUS] >= 200", "[STATUS] <= 299", "[BODY].data.status == UP"], Strings(Monitor("Orders JSON")["conditions"]));
    }

    [Theory]
    [InlineData("Database port", "tcp://db.example.com:5432")]
    [InlineData("Core router", "icmp://10.20.0.1")]
    [InlineData("MX record", "dns://9.9.9.9/example.com?type=MX")]
    [InlineData("Orders gRPC", "grpcs://orders.example.com:50051/orders.v1.Orders")]
    [InlineData("Orders DB", "postgres://monitor:pg-secret@db.example.com:5432/orders?sslmode=require")]
    [InlineData("Sessions", "redis://:redis-secret@cache.example.com:6379/2")]
    public void Each_kind_of_kuma_monitor_becomes_the_url_of_the_same_check(string name, string url)
    {
        Assert.Equal(url, (string?)Monitor(name)["url"]);
    }

    [Fact]
    public void A_postgres_query_and_the_retries_of_a_port_monitor_carry_over()
    {
        Assert.Equal("SELECT count(*) FROM pg_stat_activity", (string?)Monitor("Orders DB")["query"]);
        Assert.Equal(2, (int)Monitor("Database port")["failureThreshold"]!);
        Assert.Equal(20, (int)Monitor("Core router")["intervalSeconds"]!);
    }

    [Fact]
    public void A_push_monitor_becomes_a_heartbeat_and_the_report_says_its_token_changes()
    {
        var backup = Monitor("Nightly backup");

        Assert.Equal("heartbeat", (string?)backup["type"]);
        Assert.Null(backup["url"]);
        Assert.Equal(86400, (int)backup["intervalSeconds"]!);
        Assert.Equal(["PagerDuty"], Strings(backup["channels"]));
        Assert.Contains("pingUrl", Reported("monitorList[7] (Nightly backup)", "pushToken"));
    }

    [Fact]
    public void Paused_monitors_are_disabled_and_upside_down_ones_too_with_the_reason()
    {
        Assert.False((bool)Monitor("Paused")["enabled"]!);
        Assert.False((bool)Monitor("Inverted")["enabled"]!);
        Assert.Contains("no inverted mode", Reported("monitorList[13] (Inverted)", "upsideDown"));
    }

    [Fact]
    public void Notifications_become_channels_with_their_provider_fields_under_sentinels_names()
    {
        Assert.Equal(new JsonObject { ["webhookUrl"] = "https://hooks.slack.com/services/T0001/B0001/XXXXXXXXXXXXXXXX" }.ToJsonString(),
            Channel("Ops Slack")["config"]!.ToJsonString());
        Assert.Equal("email", (string?)Channel("Mail")["type"]);
        Assert.Equal(["ops@example.com", "oncall@example.com"], Strings(Channel("Mail")["config"]!["to"]));
        Assert.Equal("https://hooks.example.com/kuma/t0ken", (string?)Channel("Hook")["config"]!["url"]);
        Assert.Equal(("ops-alerts", "Kuma"), ((string?)Channel("Mattermost")["config"]!["channel"], (string?)Channel("Mattermost")["config"]!["username"]));
        Assert.Equal("googlechat", (string?)Channel("Google Chat")["type"]);
        Assert.Equal(("-1001234567890", 7L), ((string?)Channel("Telegram")["config"]!["chatId"], (long)Channel("Telegram")["config"]!["messageThreadId"]!));
        Assert.Equal(("ops-alerts-k3x9", "https://ntfy.example.com", "tk_abcdef0123456789"),
            ((string?)Channel("ntfy")["config"]!["topic"], (string?)Channel("ntfy")["config"]!["serverUrl"], (string?)Channel("ntfy")["config"]!["accessToken"]));
        Assert.Equal("AbCdEfGh.123", (string?)Channel("Gotify")["config"]!["appToken"]);
        Assert.Equal("phone", (string?)Channel("Pushover")["config"]!["device"]);
        Assert.Equal("""{"routingKey":"R0123456789abcdefghijKLMNOPQRSTU","severity":"warning"}""", Channel("PagerDuty")["config"]!.ToJsonString());
        Assert.Equal(("P2", "https://api.eu.opsgenie.com"), ((string?)Channel("Opsgenie")["config"]!["priority"], (string?)Channel("Opsgenie")["config"]!["apiUrl"]));
        Assert.Equal("teams", (string?)Channel("Teams")["type"]);
        Assert.Equal("discord", (string?)Channel("Discord")["type"]);
    }

    [Fact]
    public void Only_the_default_notification_is_a_default_channel()
    {
        Assert.Equal(["Ops Slack"], Kind("channels").Where(c => c["default"] is not null).Select(c => (string)c["name"]!));
        Assert.True((bool)Channel("Ops Slack")["default"]!);
    }

    [Fact]
    public void Two_notifications_or_monitors_of_one_name_get_distinct_names_and_the_report_says_so()
    {
        Assert.Equal("https://hooks.slack.com/services/T0002/B0002/YYYYYYYYYYYYYYYY", (string?)Channel("Ops Slack (2)")["config"]!["webhookUrl"]);
        Assert.Equal("https://shop.example.com/", (string?)Monitor("Shop API (2)")["url"]);
        Assert.Contains("'Ops Slack (2)'", Reported("notificationList[14] (Ops Slack)", "name"));
        Assert.Contains("'Shop API (2)'", Reported("monitorList[15] (Shop API)", "name"));
    }

    [Theory]
    [InlineData("monitorList[11] (Containers)", "type group", "no group monitors")]
    [InlineData("monitorList[12] (Web container)", "type docker", "no Docker container check")]
    [InlineData("monitorList[16] (MySQL)", "type mysql", "tcp://")]
    [InlineData("monitorList[15] (Shop API)", "parent 'Containers'", "no groups")]
    [InlineData("monitorList[0] (Shop API)", "description", "no description")]
    [InlineData("monitorList[0] (Shop API)", "expiryNotification", "[CERTIFICATE_EXPIRATION]")]
    [InlineData("monitorList[0] (Shop API)", "notification 14", "not imported as a channel")]
    [InlineData("monitorList[0] (Shop API)", "tag 'Team Shop'", "imported as 'Team-Shop'")]
    [InlineData("monitorList[4] (Database port)", "retryInterval 20", "interval")]
    [InlineData("monitorList[9] (Orders DB)", "databaseConnectionString parameter 'application_name'", "only sslmode=")]
    [InlineData("monitorList[14] (Paused)", "accepted_statuscodes 200-299, 400-499", "every code from 200 to 499")]
    [InlineData("notificationList[13] (Matrix)", "type matrix", "no such channel type")]
    [InlineData("notificationList[0] (Ops Slack)", "slackchannel '#ops'", "as the webhook is set up")]
    [InlineData("notificationList[1] (Discord)", "discordUsername 'Kuma'", "webhook's own name")]
    [InlineData("notificationList[2] (Mail)", "smtpHost 'smtp.example.com'", "Smtp__Host")]
    [InlineData("notificationList[2] (Mail)", "smtpCC 'boss@example.com'", "only 'to'")]
    [InlineData("notificationList[3] (Hook)", "webhookAdditionalHeaders", "no headers")]
    [InlineData("notificationList[7] (Telegram)", "telegramSendSilently", "with sound")]
    [InlineData("notificationList[8] (ntfy)", "ntfyPriority 4", "by the notice's state")]
    [InlineData("notificationList[10] (Pushover)", "pushoversounds 'siren'", "by the notice's state")]
    public void What_has_no_counterpart_is_reported_with_why(string item, string what, string why)
    {
        Assert.Contains(why, Reported(item, what));
    }

    [Fact]
    public void Fields_kuma_leaves_at_their_defaults_are_not_reported()
    {
        Assert.DoesNotContain(Backup.NotMapped, line => line.StartsWith("monitorList[5] (Core router)", StringComparison.Ordinal));
        Assert.DoesNotContain(Backup.NotMapped, line => line.StartsWith("monitorList[1] (Status page text)", StringComparison.Ordinal));
        Assert.DoesNotContain(Backup.NotMapped, line => line.StartsWith("notificationList[11] (PagerDuty)", StringComparison.Ordinal));
        Assert.DoesNotContain(Backup.NotMapped, line => line.Contains("weight") || line.Contains("secret"));
    }

    [Fact]
    public void Text_that_looks_like_a_variable_stays_literal_for_apply()
    {
        Assert.Equal("$${not-a-variable}", (string?)Monitor("No errors")["body"]);
    }

    [Fact]
    public void The_imported_document_written_as_yaml_reads_back_the_same()
    {
        var yaml = ConfigYaml.Write(Backup.Document);

        var (documents, error) = ConfigYaml.Read("kuma.yaml", yaml);

        Assert.Null(error);
        Assert.Equal(Backup.Document.ToJsonString(), Assert.Single(documents).Content.ToJsonString());
    }

    [Fact]
    public void A_file_that_is_not_json_is_refused_naming_its_line()
    {
        var refused = Assert.Throws<ImportException>(() => UptimeKumaImport.Import(Fixture("not-json.json")));

        Assert.StartsWith("Not an Uptime Kuma backup: not valid JSON at line 4", refused.Message);
    }

    [Fact]
    public void Json_that_is_not_a_kuma_backup_is_refused_saying_where_one_comes_from()
    {
        var refused = Assert.Throws<ImportException>(() => UptimeKumaImport.Import(Fixture("not-a-backup.json")));

        Assert.Contains("monitorList", refused.Message);
        Assert.Contains("Settings → Backup → Export", refused.Message);
    }
}

/// <summary>The api's own validation judges what the importer wrote: each monitor and channel as its REST body.</summary>
public sealed class UptimeKumaImportApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    [Fact]
    public async Task Every_imported_monitor_is_accepted_by_the_api()
    {
        foreach (var monitor in UptimeKumaImportTests.Kind("monitors"))
        {
            var body = monitor.DeepClone().AsObject();
            body.Remove("channels");

            var response = await _client.PostAsJsonAsync("/api/v1/monitors", body);

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{monitor["name"]}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    [Fact]
    public async Task Every_imported_channel_is_accepted_by_the_api()
    {
        foreach (var channel in UptimeKumaImportTests.Kind("channels"))
        {
            var response = await _client.PostAsJsonAsync("/api/v1/channels", channel);

            Assert.True(response.StatusCode == HttpStatusCode.Created, $"{channel["name"]}: {await response.Content.ReadAsStringAsync()}");
        }
    }
}
