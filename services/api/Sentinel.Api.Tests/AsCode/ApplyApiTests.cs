using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;

namespace Sentinel.Api.Tests.AsCode;

/// <summary><c>POST /api/v1/apply</c>: the server made to match config documents, as a client (the CLI, a CI job) calls it.</summary>
public sealed class ApplyApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private static object File(string name, string content) => new { name, content };

    private async Task<JsonObject> ApplyAsync(object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/apply", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.StatusCode}: {text}");
        return JsonNode.Parse(text)!.AsObject();
    }

    private static JsonObject Change(JsonObject plan, string kind, string name) =>
        plan["changes"]!.AsArray().Select(c => c!.AsObject()).Single(c => (string)c["kind"]! == kind && (string)c["name"]! == name);

    private static List<(string Document, int? Line, string Path, string Message)> Errors(JsonObject problem) =>
        problem["errors"]!.AsArray().Select(e => ((string)e!["document"]!, (int?)e["line"], (string)e["path"]!, (string)e["message"]!)).ToList();

    private async Task<JsonObject?> MonitorNamedAsync(string name)
    {
        var page = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors?name={Uri.EscapeDataString(name)}&limit=200"))!;
        return page["items"]!.AsArray().Select(m => m!.AsObject()).SingleOrDefault(m => (string)m["name"]! == name);
    }

    private static string Shop(string prefix, int interval = 60, string hook = "https://hooks.example/shop-0001") => $"""
        channels:
          - name: {prefix}-ops
            type: webhook
            config:
              url: {hook}
        escalationPolicies:
          - name: {prefix}-escalate
            steps:
              - delayMinutes: 15
                channels: [{prefix}-ops]
        monitors:
          - name: {prefix} api
            url: https://api.shop.example/health
            intervalSeconds: {interval}
            conditions: ["[STATUS] == 200"]
            channels: [{prefix}-ops]
            dependsOn: [{prefix} ingress]
            escalationPolicy: {prefix}-escalate
          - name: {prefix} ingress
            url: tcp://ingress.shop.example:443
        maintenanceWindows:
          - name: {prefix} patching
            cron: "0 3 * * 0"
            timeZone: Europe/Berlin
            durationMinutes: 90
            monitors: [{prefix} api]
            notifyChannels: [{prefix}-ops]
        statusPages:
          - slug: {prefix}-status
            title: Shop status
            groups:
              - name: Storefront
                monitors:
                  - monitor: {prefix} api
                    displayName: API
        """;

    [Fact]
    public async Task Applying_creates_every_kind_with_references_by_name_and_applying_again_changes_nothing()
    {
        var body = new { source = "git:shop", files = new[] { File("monitors/shop.yaml", Shop("a1")) } };

        var first = await ApplyAsync(body);

        Assert.Equal(new JsonObject { ["create"] = 6, ["update"] = 0, ["delete"] = 0, ["unchanged"] = 0 }.ToJsonString(), first["summary"]!.ToJsonString());
        var apiMonitor = (await MonitorNamedAsync("a1 api"))!;
        var ingress = (await MonitorNamedAsync("a1 ingress"))!;
        var channel = Change(first, "channel", "a1-ops");
        Assert.Equal("git:shop", (string)apiMonitor["source"]!);
        Assert.Equal((string)channel["id"]!, (string)apiMonitor["channelIds"]![0]!);
        Assert.Equal((string)ingress["id"]!, (string)apiMonitor["dependsOn"]![0]!);
        Assert.Equal((string)Change(first, "escalationPolicy", "a1-escalate")["id"]!, (string)apiMonitor["escalationPolicyId"]!);
        var page = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/status-pages/{Change(first, "statusPage", "a1-status")["id"]}"))!;
        Assert.Equal((string)apiMonitor["id"]!, (string)page["groups"]![0]!["monitors"]![0]!["monitorId"]!);
        // Where each object was written, for the plan a person reads.
        Assert.Equal("monitors/shop.yaml", (string)Change(first, "monitor", "a1 api")["document"]!);
        Assert.Equal(12, (int)Change(first, "monitor", "a1 api")["line"]!);

        await using (var db = api.Database.CreateDbContext())
        {
            var id = Guid.Parse((string)apiMonitor["id"]!);
            var before = await db.Monitors.AsNoTracking().Include(m => m.Schedule).SingleAsync(m => m.Id == id);

            var second = await ApplyAsync(body);

            Assert.Equal(new JsonObject { ["create"] = 0, ["update"] = 0, ["delete"] = 0, ["unchanged"] = 6 }.ToJsonString(), second["summary"]!.ToJsonString());
            var after = await db.Monitors.AsNoTracking().Include(m => m.Schedule).SingleAsync(m => m.Id == id);
            // Not even its schedule moved: an apply of the same files from CI every few minutes leaves monitors alone.
            Assert.Equal(before.UpdatedAt, after.UpdatedAt);
            Assert.Equal(before.Schedule!.NextCheckAt, after.Schedule!.NextCheckAt);
        }
    }

    [Fact]
    public async Task A_dry_run_answers_each_changed_field_including_a_secret_shown_masked_and_changes_nothing()
    {
        await ApplyAsync(new { source = "git:b1", files = new[] { File("shop.yaml", Shop("b1")) } });

        // The same last four characters: GET shows both URLs the same, the plan must still see the change.
        var plan = await ApplyAsync(new
        {
            source = "git:b1", dryRun = true,
            files = new[] { File("shop.yaml", Shop("b1", interval: 30, hook: "https://hooks.example/other-0001")) },
        });

        Assert.False((bool)plan["applied"]!);
        var monitor = Change(plan, "monitor", "b1 api");
        Assert.Equal("update", (string)monitor["action"]!);
        var interval = monitor["fields"]!.AsArray().Single(f => (string)f!["field"]! == "intervalSeconds")!;
        Assert.Equal(60, (int)interval["from"]!);
        Assert.Equal(30, (int)interval["to"]!);
        var channel = Change(plan, "channel", "b1-ops");
        var secret = channel["fields"]!.AsArray().Single()!;
        Assert.Equal("config.url", (string)secret["field"]!);
        Assert.True((bool)secret["secret"]!);
        Assert.DoesNotContain("other", channel.ToJsonString());
        Assert.Equal("unchanged", (string)Change(plan, "monitor", "b1 ingress")["action"]!);
        Assert.Equal(60, (int)(await MonitorNamedAsync("b1 api"))!["intervalSeconds"]!);

        var applied = await ApplyAsync(new
        {
            source = "git:b1", files = new[] { File("shop.yaml", Shop("b1", interval: 30, hook: "https://hooks.example/other-0001")) },
        });

        Assert.Equal(plan["summary"]!.ToJsonString(), applied["summary"]!.ToJsonString());
        Assert.Equal(30, (int)(await MonitorNamedAsync("b1 api"))!["intervalSeconds"]!);
    }

    [Fact]
    public async Task Prune_deletes_only_what_this_source_applied_and_no_longer_lists()
    {
        const string Both = """
            monitors:
              - name: c1 kept
                url: tcp://kept.example:443
              - name: c1 dropped
                url: tcp://dropped.example:443
            """;
        await ApplyAsync(new { source = "git:c1", files = new[] { File("a.yaml", Both) } });
        await ApplyAsync(new { source = "git:c1-other", documents = new[] { JsonNode.Parse("""{"monitors": [{"name": "c1 theirs", "url": "tcp://theirs.example:443"}]}""") } });
        var byHand = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "c1 by hand", url = "tcp://hand.example:443" });
        Assert.Equal(HttpStatusCode.Created, byHand.StatusCode);
        var one = new[] { File("a.yaml", "monitors:\n  - name: c1 kept\n    url: tcp://kept.example:443\n") };

        var withoutPrune = await ApplyAsync(new { source = "git:c1", files = one });
        Assert.Equal(0, (int)withoutPrune["summary"]!["delete"]!);
        Assert.NotNull(await MonitorNamedAsync("c1 dropped"));

        var pruned = await ApplyAsync(new { source = "git:c1", prune = true, files = one });

        Assert.Equal("delete", (string)Change(pruned, "monitor", "c1 dropped")["action"]!);
        Assert.Equal(1, (int)pruned["summary"]!["delete"]!);
        Assert.Null(await MonitorNamedAsync("c1 dropped"));
        Assert.NotNull(await MonitorNamedAsync("c1 kept"));
        Assert.NotNull(await MonitorNamedAsync("c1 theirs"));
        Assert.NotNull(await MonitorNamedAsync("c1 by hand"));
    }

    [Fact]
    public async Task Bad_documents_apply_nothing_and_every_error_names_its_document_line_and_path()
    {
        const string Good = """
            monitors:
              - name: d1 fine
                url: https://fine.example/
            """;
        const string Bad = """
            monitors:
              - name: d1 api
                url: https://api.example/
                conditions:
                  - "[STATUS] == 200"
                  - "[STATUS] =="
                channels: [d1-nowhere]
                colour: blue
              - name: d1 api
                url: https://again.example/
            endpoints:
              - name: gatus-style
            """;
        const string NotYaml = "monitors:\n  - name: [unclosed\n";

        var problem = await ApplyAsync(new { source = "git:d1", files = new[] { File("good.yaml", Good), File("bad.yaml", Bad), File("broken.yaml", NotYaml) } }, HttpStatusCode.BadRequest);

        var errors = Errors(problem);
        Assert.Contains(errors, e => e is { Document: "broken.yaml", Line: >= 2, Path: "" } && e.Message.StartsWith("Not valid YAML", StringComparison.Ordinal));
        // The YAML that parses is still judged, so one run lists every mistake.
        Assert.Contains(errors, e => e is { Document: "bad.yaml", Line: 11, Path: "endpoints" } && e.Message.Contains("Unknown kind 'endpoints'", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Document: "bad.yaml", Line: 9, Path: "monitors[1].name" } && e.Message.Contains("Another monitor is named 'd1 api' (bad.yaml, line 2)", StringComparison.Ordinal));
        Assert.Empty(await _client.GetFromJsonAsync<JsonObject>("/api/v1/monitors?name=d1") is { } page ? page["items"]!.AsArray() : []);

        // Without the file that does not parse, the server's own rules judge the rest, each error at its line.
        problem = await ApplyAsync(new { source = "git:d1", files = new[] { File("good.yaml", Good), File("bad.yaml", Bad.Replace("endpoints:\n  - name: gatus-style", "").Replace("  - name: d1 api\n    url: https://again.example/\n", "")) } }, HttpStatusCode.BadRequest);

        errors = Errors(problem);
        Assert.Contains(errors, e => e is { Document: "bad.yaml", Line: 7, Path: "monitors[0].channels[0]" } && e.Message == "No channel is named 'd1-nowhere', in these documents or on the server.");
        Assert.Contains(errors, e => e is { Document: "bad.yaml", Line: 6, Path: "monitors[0].conditions[1]" });
        Assert.Contains(errors, e => e is { Document: "bad.yaml", Line: 8, Path: "monitors[0].colour" });
        Assert.Null(await MonitorNamedAsync("d1 fine"));

        problem = await ApplyAsync(new { source = "git:d1", files = new[] { File("bad.yaml", "monitors:\n  - name: d1 api\n    url: https://api.example/\n    conditions:\n      - \"[STATUS] == 200\"\n      - \"[STATUS] ==\"\n    colour: blue\n") } }, HttpStatusCode.BadRequest);

        errors = Errors(problem);
        Assert.Contains(errors, e => e is { Line: 6, Path: "monitors[0].conditions[1]" });
        Assert.Contains(errors, e => e is { Line: 7, Path: "monitors[0].colour" });
        Assert.Null(await MonitorNamedAsync("d1 fine"));
    }

    [Fact]
    public async Task An_object_made_by_hand_is_taken_over_only_when_asked_and_another_sources_never()
    {
        var byHand = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "e1 legacy", url = "tcp://legacy.example:22", intervalSeconds = 300 });
        Assert.Equal(HttpStatusCode.Created, byHand.StatusCode);
        await ApplyAsync(new { source = "git:e1-team", files = new[] { File("t.yaml", "monitors:\n  - name: e1 theirs\n    url: tcp://theirs.example:22\n") } });
        var files = new[] { File("m.yaml", "monitors:\n  - name: e1 legacy\n    url: tcp://legacy.example:22\n  - name: e1 theirs\n    url: tcp://mine.example:22\n") };

        var refused = Errors(await ApplyAsync(new { source = "git:e1", files }, HttpStatusCode.BadRequest));
        Assert.Contains(refused, e => e.Path == "monitors[0].name" && e.Message.Contains("made by hand", StringComparison.Ordinal));
        Assert.Contains(refused, e => e.Path == "monitors[1].name" && e.Message.Contains("belongs to source 'git:e1-team'", StringComparison.Ordinal));

        refused = Errors(await ApplyAsync(new { source = "git:e1", adopt = true, files }, HttpStatusCode.BadRequest));
        Assert.DoesNotContain(refused, e => e.Path == "monitors[0].name");
        Assert.Contains(refused, e => e.Path == "monitors[1].name");

        var adopted = await ApplyAsync(new { source = "git:e1", adopt = true, files = new[] { File("m.yaml", "monitors:\n  - name: e1 legacy\n    url: tcp://legacy.example:22\n") } });

        var fields = Change(adopted, "monitor", "e1 legacy")["fields"]!.AsArray().ToDictionary(f => (string)f!["field"]!, f => f!["to"]?.ToJsonString());
        Assert.Equal("60", fields["intervalSeconds"]);
        Assert.Equal("\"git:e1\"", fields["source"]);
        Assert.Equal("git:e1", (string)(await MonitorNamedAsync("e1 legacy"))!["source"]!);
    }

    [Fact]
    public async Task A_hand_edit_of_an_applied_object_is_shown_in_the_plan_and_undone_by_the_next_apply()
    {
        var yaml = new[] { File("f.yaml", "monitors:\n  - name: f1 api\n    url: https://api.example/\n    tags: [shop]\n") };
        await ApplyAsync(new { source = "git:f1", files = yaml });
        var id = (string)(await MonitorNamedAsync("f1 api"))!["id"]!;
        var edit = await _client.PatchAsync($"/api/v1/monitors/{id}", new StringContent("""{"tags": ["shop", "hot-fix"], "enabled": false}""", System.Text.Encoding.UTF8, "application/merge-patch+json"));
        Assert.Equal(HttpStatusCode.OK, edit.StatusCode);

        var plan = await ApplyAsync(new { source = "git:f1", dryRun = true, files = yaml });

        var fields = Change(plan, "monitor", "f1 api")["fields"]!.AsArray().Select(f => (string)f!["field"]!).Order().ToList();
        Assert.Equal(["enabled", "tags"], fields);

        await ApplyAsync(new { source = "git:f1", files = yaml });

        var monitor = (await MonitorNamedAsync("f1 api"))!;
        Assert.True((bool)monitor["enabled"]!);
        Assert.Equal("""["shop"]""", monitor["tags"]!.ToJsonString());
    }

    [Fact]
    public async Task Monitors_that_depend_on_each_other_in_a_cycle_are_refused_before_anything_is_written()
    {
        const string Cycle = """
            monitors:
              - name: g1 a
                url: tcp://a.example:1
                dependsOn: [g1 b]
              - name: g1 b
                url: tcp://b.example:1
                dependsOn: [g1 a]
              - name: g1 self
                url: tcp://self.example:1
                dependsOn: [g1 self]
            """;

        var errors = Errors(await ApplyAsync(new { source = "git:g1", files = new[] { File("c.yaml", Cycle) } }, HttpStatusCode.BadRequest));

        Assert.Contains(errors, e => e is { Path: "monitors[0].dependsOn", Line: 4 } && e.Message.Contains("cycle: g1 a, g1 b", StringComparison.Ordinal));
        Assert.Contains(errors, e => e is { Path: "monitors[2].dependsOn[0]" } && e.Message == "A monitor cannot refer to itself.");
        Assert.Null(await MonitorNamedAsync("g1 a"));
    }

    [Fact]
    public async Task Emptying_a_sources_documents_with_prune_deletes_everything_it_made_in_reverse_order()
    {
        await ApplyAsync(new { source = "git:h1", files = new[] { File("shop.yaml", Shop("h1")) } });

        var plan = await ApplyAsync(new { source = "git:h1", prune = true, files = Array.Empty<object>() });

        Assert.Equal(6, (int)plan["summary"]!["delete"]!);
        // Those that refer to others go first, so nothing is left pointing at what is gone.
        Assert.Equal(["statusPage", "maintenanceWindow", "monitor", "monitor", "escalationPolicy", "channel"],
            plan["changes"]!.AsArray().Select(c => (string)c!["kind"]!).ToList());
        Assert.Null(await MonitorNamedAsync("h1 api"));
    }

    [Fact]
    public async Task A_status_page_password_is_a_change_only_when_it_no_longer_matches_the_stored_hash()
    {
        static object[] Page(string password) =>
        [
            File("p.yaml", $"statusPages:\n  - slug: i1-private\n    title: Private\n    visibility: password\n    password: {password}\n"),
        ];
        await ApplyAsync(new { source = "git:i1", files = Page("first-secret-1") });

        var again = await ApplyAsync(new { source = "git:i1", files = Page("first-secret-1") });
        var changed = await ApplyAsync(new { source = "git:i1", files = Page("second-secret-2") });

        Assert.Equal("unchanged", (string)Change(again, "statusPage", "i1-private")["action"]!);
        var change = Change(changed, "statusPage", "i1-private");
        Assert.Equal("update", (string)change["action"]!);
        Assert.Equal("""[{"field":"password","from":null,"to":null,"secret":true}]""", change["fields"]!.ToJsonString());
        Assert.DoesNotContain("second-secret", changed.ToJsonString());
    }

    [Fact]
    public async Task A_request_without_a_source_or_a_key_is_refused()
    {
        var noSource = await _client.PostAsJsonAsync("/api/v1/apply", new { files = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.BadRequest, noSource.StatusCode);
        Assert.Contains("source", (await noSource.Content.ReadFromJsonAsync<JsonObject>())!["errors"]!.AsObject().Select(e => e.Key));

        var anonymous = await api.CreateClient().PostAsJsonAsync("/api/v1/apply", new { source = "x", files = Array.Empty<object>() });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
    }
}
