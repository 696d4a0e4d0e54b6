using System.Text.Json.Nodes;
using Sentinel.Api.AsCode;
using Sentinel.Api.AsCode.Import;

namespace Sentinel.Api.Tests.AsCode;

/// <summary>The Gatus importer on a configuration written as Gatus documents it (Fixtures/gatus/config.yaml).</summary>
public sealed class GatusImportTests
{
    private static readonly ImportedConfig Imported = GatusImport.Import(Fixture("config.yaml"));

    internal static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "AsCode", "Fixtures", "gatus", name));

    private static JsonObject Monitor(string name) =>
        Imported.Document["monitors"]!.AsArray().Single(m => (string?)m!["name"] == name)!.AsObject();

    private static JsonObject Channel(string name) =>
        Imported.Document["channels"]!.AsArray().Single(c => (string?)c!["name"] == name)!.AsObject();

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(v => (string)v!).ToArray();

    /// <summary>The one report line that starts with <paramref name="start"/>.</summary>
    private static string Reported(string start) => Assert.Single(Imported.NotMapped, line => line.StartsWith(start, StringComparison.Ordinal));

    [Fact]
    public void An_endpoint_becomes_a_monitor_with_its_url_interval_conditions_and_group_as_a_tag()
    {
        var storefront = Monitor("storefront");

        Assert.Equal("https://shop.example/health", (string?)storefront["url"]);
        Assert.Equal(30, (int)storefront["intervalSeconds"]!);
        Assert.Equal(["[STATUS] == 200", "[BODY].status == UP", "[RESPONSE_TIME] < 300", "[CERTIFICATE_EXPIRATION] > 48h"], Strings(storefront["conditions"]));
        Assert.Equal(["core"], Strings(storefront["tags"]));
    }

    [Fact]
    public void A_name_given_in_two_groups_is_written_group_slash_name_and_other_names_stay_as_they_are()
    {
        var names = Strings(new JsonArray([.. Imported.Document["monitors"]!.AsArray().Select(m => m!["name"]!.DeepClone())]));

        Assert.Contains("core/search", names);
        Assert.Contains("internal/search", names);
        Assert.DoesNotContain("search", names);
        Assert.Contains("storefront", names);
        Assert.Contains("database", names);
    }

    [Fact]
    public void Each_kind_of_endpoint_keeps_its_kind_of_check()
    {
        Assert.Equal("tcp://db.internal.example:5432", (string?)Monitor("database")["url"]);
        Assert.Equal("tls://ldap.shop.example:636", (string?)Monitor("ldaps")["url"]);
        Assert.Equal("icmp://10.0.0.1", (string?)Monitor("router")["url"]);
        Assert.Equal("grpcs://orders.shop.example:443", (string?)Monitor("orders-grpc")["url"]);

        var resolver = Monitor("resolver");
        Assert.Equal("dns://8.8.8.8/shop.example?type=A", (string?)resolver["url"]);
        // Gatus's [BODY] of a DNS query is the answer's data.
        Assert.Equal(["[DNS_ANSWER] == 93.184.215.14", "[DNS_RCODE] == NOERROR"], Strings(resolver["conditions"]));
    }

    [Fact]
    public void An_http_endpoints_request_and_client_settings_carry_across()
    {
        var search = Monitor("core/search");

        Assert.Equal("POST", (string?)search["method"]);
        Assert.Equal("""{"query":"{ status }\n"}""", (string?)search["body"]);
        Assert.Equal("application/json", (string?)search["contentType"]);
        Assert.Equal("Bearer ${API_TOKEN}", (string?)search["headers"]!["Authorization"]);
        Assert.Equal("gatus", (string?)search["headers"]!["X-Client"]);
        Assert.Equal(300, (int)search["intervalSeconds"]!);
        Assert.Equal(5, (int)search["timeoutSeconds"]!);
        Assert.False((bool)search["verifyTls"]!);
        Assert.False((bool)search["followRedirects"]!);
        Assert.False((bool)Monitor("internal/search")["enabled"]!);
        Assert.Equal(["internal", "team:search"], Strings(Monitor("internal/search")["tags"]));
    }

    [Fact]
    public void Conditions_Sentinel_cannot_evaluate_are_dropped_alone_and_reported_with_why()
    {
        Assert.Equal(["[STATUS] == any(200, 204)"], Strings(Monitor("core/search")["conditions"]));
        Assert.Contains("only to dns://", Reported("endpoints[1] (core/search).conditions[1]: [IP] == 10.0.0.5 — "));
        Assert.Contains("not a placeholder", Reported("endpoints[1] (core/search).conditions[2]: [BODY].data.status == [CONTEXT].status — "));
        // SERVING is what Sentinel's gRPC check demands anyway.
        Assert.Equal(["[CONNECTED] == true"], Strings(Monitor("orders-grpc")["conditions"]));
        Assert.Contains("SERVING", Reported("endpoints[7] (orders-grpc).conditions[1]"));
    }

    [Fact]
    public void The_first_alert_with_its_providers_default_alert_sets_the_thresholds_and_a_different_rule_is_reported()
    {
        var storefront = Monitor("storefront");

        Assert.Equal((5, 3, true), ((int)storefront["failureThreshold"]!, (int)storefront["successThreshold"]!, (bool)storefront["sendOnResolved"]!));
        Assert.Contains("one rule per monitor", Reported("endpoints[0] (storefront).alerts[1] (pagerduty): failure-threshold 3, success-threshold 2, send-on-resolved true"));
    }

    [Fact]
    public void Without_thresholds_an_alert_keeps_Gatus_defaults_rather_than_Sentinels()
    {
        var database = Monitor("database");

        Assert.Equal((3, 2, false), ((int)database["failureThreshold"]!, (int)database["successThreshold"]!, (bool)database["sendOnResolved"]!));
    }

    [Fact]
    public void Each_alert_names_its_providers_channel_and_a_group_override_names_its_own()
    {
        Assert.Equal(["gatus-slack", "gatus-pagerduty-core"], Strings(Monitor("storefront")["channels"]));
        Assert.Equal(
            ["gatus-mattermost", "gatus-googlechat", "gatus-telegram", "gatus-ntfy", "gatus-gotify", "gatus-pushover", "gatus-opsgenie", "gatus-teams-workflows"],
            Strings(Monitor("database")["channels"]));
        Assert.Equal(["gatus-email"], Strings(Monitor("core/search")["channels"]));
        Assert.Contains("disabled", Reported("endpoints[1] (core/search).alerts[1] (discord): the whole alert"));
        Assert.Contains("search is down", Reported("endpoints[1] (core/search).alerts[0] (email).description"));
    }

    [Fact]
    public void Every_provider_Sentinel_has_becomes_a_channel_with_its_settings_under_Sentinels_names()
    {
        Assert.Equal(("slack", "${SLACK_WEBHOOK_URL}"), ((string?)Channel("gatus-slack")["type"], (string?)Channel("gatus-slack")["config"]!["webhookUrl"]));
        Assert.Equal("https://discord.com/api/webhooks/123456789/abcdefDISCORD", (string?)Channel("gatus-discord")["config"]!["webhookUrl"]);
        Assert.Equal(["ops@shop.example", "oncall@shop.example"], Strings(Channel("gatus-email")["config"]!["to"]));
        Assert.Equal("teams", (string?)Channel("gatus-teams-workflows")["type"]);
        Assert.Equal("ops-alerts", (string?)Channel("gatus-mattermost")["config"]!["channel"]);
        Assert.Equal("googlechat", (string?)Channel("gatus-googlechat")["type"]);
        var telegram = Channel("gatus-telegram")["config"]!;
        Assert.Equal(("110201543:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw", "-1001234567890", 7), ((string?)telegram["botToken"], (string?)telegram["chatId"], (int)telegram["messageThreadId"]!));
        var ntfy = Channel("gatus-ntfy")["config"]!;
        Assert.Equal(("shop-alerts-k3x9", "https://ntfy.shop.example", "tk_abcdefghijklmnop"), ((string?)ntfy["topic"], (string?)ntfy["serverUrl"], (string?)ntfy["accessToken"]));
        Assert.Equal(("https://gotify.shop.example", "AbCdEf.123-_x"), ((string?)Channel("gatus-gotify")["config"]!["serverUrl"], (string?)Channel("gatus-gotify")["config"]!["appToken"]));
        var pushover = Channel("gatus-pushover")["config"]!;
        Assert.Equal(("azGDORePK8gMaC0QOYAMyEEuzJnyUi", "uQiRzpo4DXghDmr9QzzfQu27cmVRsG", "phone"), ((string?)pushover["appToken"], (string?)pushover["userKey"], (string?)pushover["device"]));
        Assert.Equal("R0123456789abcdefghijKLMNOPQRSTU", (string?)Channel("gatus-pagerduty")["config"]!["routingKey"]);
        Assert.Equal("C0123456789abcdefghijKLMNOPQRSTU", (string?)Channel("gatus-pagerduty-core")["config"]!["routingKey"]);
        // Gatus's Opsgenie alerts are P1 by default; Sentinel's channel would make them P3.
        Assert.Equal(("00000000-0000-0000-0000-000000000000", "P1"), ((string?)Channel("gatus-opsgenie")["config"]!["apiKey"], (string?)Channel("gatus-opsgenie")["config"]!["priority"]));
    }

    [Fact]
    public void Provider_settings_Sentinel_has_no_field_for_are_reported_with_why()
    {
        Assert.Contains("fixed titles", Reported("alerting.slack.title"));
        Assert.Contains("SMTP server", Reported("alerting.email.host"));
        Assert.Contains("priority", Reported("alerting.ntfy.priority"));
        Assert.Contains("sound", Reported("alerting.pushover.sound"));
        Assert.Contains("health check failed", Reported("alerting.slack.default-alert.description"));
    }

    [Fact]
    public void Providers_Sentinel_has_no_channel_for_are_reported_with_why_and_so_are_the_alerts_naming_them()
    {
        Assert.Contains("Sentinel has no twilio channel", Reported("alerting.twilio: the whole provider"));
        Assert.Contains("Teams workflow", Reported("alerting.teams: the whole provider"));
        Assert.Contains("body template", Reported("alerting.custom: the whole provider"));
        Assert.Contains("not imported", Reported("endpoints[0] (storefront).alerts[2] (teams): the whole alert"));
        Assert.Contains("not imported", Reported("endpoints[3] (database).alerts[8] (custom): the whole alert"));
        Assert.DoesNotContain(Imported.Document["channels"]!.AsArray(), c => (string?)c!["name"] is "gatus-twilio" or "gatus-teams" or "gatus-custom");
    }

    [Fact]
    public void A_custom_provider_that_posts_without_a_template_or_headers_becomes_a_webhook()
    {
        var imported = GatusImport.Import("""
            alerting:
              custom:
                url: "https://hooks.example.com/sentinel"
                method: POST
            endpoints:
              - name: shop
                url: "https://shop.example"
                alerts:
                  - type: custom
            """);

        var channel = Assert.Single(imported.Document["channels"]!.AsArray())!;
        Assert.Equal(("gatus-custom", "webhook", "https://hooks.example.com/sentinel"), ((string?)channel["name"], (string?)channel["type"], (string?)channel["config"]!["url"]));
        Assert.Empty(imported.NotMapped);
    }

    [Fact]
    public void Maintenance_becomes_a_recurring_window_over_all_monitors_and_an_endpoints_own_covers_it_alone()
    {
        var windows = Imported.Document["maintenanceWindows"]!.AsArray();

        var global = windows.Single(w => (string?)w!["name"] == "Gatus maintenance")!;
        Assert.Equal(("0 23 * * 1,4", "Europe/Amsterdam", 90, true), ((string?)global["cron"], (string?)global["timeZone"], (int)global["durationMinutes"]!, (bool)global["allMonitors"]!));
        var own = windows.Single(w => (string?)w!["name"] == "database maintenance")!;
        Assert.Equal(("30 7 * * *", "Europe/Berlin", 40), ((string?)own["cron"], (string?)own["timeZone"], (int)own["durationMinutes"]!));
        Assert.Equal(["database"], Strings(own["monitors"]));
    }

    [Fact]
    public void An_external_endpoint_becomes_a_heartbeat_and_what_differs_is_reported()
    {
        var backup = Monitor("nightly-backup");

        Assert.Equal(("heartbeat", 86400), ((string?)backup["type"], (int)backup["intervalSeconds"]!));
        Assert.Null(backup["url"]);
        Assert.Equal(["gatus-slack"], Strings(backup["channels"]));
        Assert.Contains("86400 s is used", Reported("external-endpoints[0] (nightly-backup).heartbeat.interval"));
        Assert.Contains("pingUrl", Reported("external-endpoints[0] (nightly-backup).token"));
    }

    [Fact]
    public void Environment_references_are_written_as_apply_expands_them()
    {
        var imported = GatusImport.Import("""
            endpoints:
              - name: shop
                url: "https://${DOMAIN}/health"
                headers:
                  Authorization: "Bearer $TOKEN"
                  X-Price: "$$5"
                  X-Literal: "$${NOT_A_VARIABLE}"
            """);

        var monitor = imported.Document["monitors"]![0]!;
        Assert.Equal("https://${DOMAIN}/health", (string?)monitor["url"]);
        Assert.Equal("Bearer ${TOKEN}", (string?)monitor["headers"]!["Authorization"]);
        Assert.Equal("$5", (string?)monitor["headers"]!["X-Price"]);
        Assert.Equal("$${NOT_A_VARIABLE}", (string?)monitor["headers"]!["X-Literal"]);
    }

    [Fact]
    public void Kinds_of_check_Sentinel_lacks_are_reported_whole_with_what_to_use_instead()
    {
        Assert.Contains("tls://", Reported("endpoints[8] (smtp): the whole endpoint"));
        Assert.Contains("no SSH check", Reported("endpoints[9] (bastion): the whole endpoint"));
        Assert.Contains("no WebSocket check", Reported("endpoints[10] (live-feed): the whole endpoint"));
        Assert.DoesNotContain(Imported.Document["monitors"]!.AsArray(), m => (string?)m!["name"] is "smtp" or "bastion" or "live-feed");
    }

    [Fact]
    public void Settings_left_out_are_reported_only_when_present()
    {
        Assert.Contains("Prometheus", Reported("metrics: true"));
        Assert.Contains("PostgreSQL", Reported("storage: type, path"));
        Assert.StartsWith("ui: title, default-sort-by — ", Reported("ui:"));
        Assert.Contains("dashboard", Reported("endpoints[0] (storefront).ui"));
        Assert.Contains("tokens", Reported("endpoints[1] (core/search).client.oauth2"));
        Assert.DoesNotContain(Imported.NotMapped, line => line.StartsWith("security", StringComparison.Ordinal) || line.StartsWith("web", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_report_line_names_where_what_and_why()
    {
        Assert.All(Imported.NotMapped, line => Assert.Matches(@"^[a-z][-a-z]*(\[\d+\])?( \([^)]+\))?[^ ]* ?.* — \S", line));
    }

    [Fact]
    public void The_written_document_reads_back_as_the_same_document()
    {
        var text = ConfigYaml.Write(Imported.Document);

        var (documents, error) = ConfigYaml.Read("gatus.yaml", text);

        Assert.Null(error);
        Assert.True(JsonNode.DeepEquals(Imported.Document, Assert.Single(documents).Content), text);
    }

    [Fact]
    public void Text_that_is_not_YAML_is_refused_with_its_line()
    {
        var ex = Assert.Throws<ImportException>(() => GatusImport.Import(Fixture("not-yaml.yaml")));

        Assert.StartsWith("Not valid YAML (line ", ex.Message);
    }

    [Fact]
    public void YAML_that_is_not_a_Gatus_configuration_is_refused_saying_what_it_has()
    {
        var ex = Assert.Throws<ImportException>(() => GatusImport.Import(Fixture("not-gatus.yaml")));

        Assert.Contains("Not a Gatus configuration", ex.Message);
        Assert.Contains("version:, monitors:", ex.Message);
    }

    [Fact]
    public void Endpoints_that_are_not_a_list_are_refused_with_their_line()
    {
        var ex = Assert.Throws<ImportException>(() => GatusImport.Import("endpoints:\n  name: shop\n"));

        Assert.Equal("Not a Gatus configuration: endpoints (line 2) must be a list.", ex.Message);
    }
}
