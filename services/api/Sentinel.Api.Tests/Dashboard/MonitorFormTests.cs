using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The monitor form, its delete confirmation and the pause and resume buttons, as a browser without JavaScript uses them.</summary>
public sealed class MonitorFormTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _api = factory.CreateAuthorizedClient();
    private DashboardSession _editor = null!;

    public async Task InitializeAsync()
    {
        var name = "editor-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, name, SentinelRoles.Editor);
        _editor = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await _editor.LogInAsync(name)).StatusCode);
    }

    public Task DisposeAsync()
    {
        _editor.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task The_new_monitor_form_has_a_tab_for_every_kind_and_labelled_fields_with_the_apis_defaults()
    {
        var page = await _editor.PageAsync("/monitors/new?kind=http");

        foreach (var kind in CheckKinds.All)
        {
            Assert.Contains($"href=\"/monitors/new?kind={kind.Name}\"", page);
        }

        Assert.Matches("""<a href="/monitors/new\?kind=http" aria-current="page">""", page);
        foreach (var label in new[] { "Name", "URL", "Interval (seconds)", "Method", "Retries", "Conditions", "Follow redirects" })
        {
            Assert.Matches($"""<label[^>]*for="(?<id>[^"]+)"[^>]*>\s*(<input[^>]*>\s*)?{Regex.Escape(label)}\s*</label>""", page);
        }

        Assert.Matches("""name="intervalSeconds" value="60"[\s/>]""", page);
        Assert.Matches("""<option value="GET" selected""", page);
        Assert.Matches("""name="verifyTls" value="true" checked""", page);
        // The placeholders beside the conditions come from the checks themselves: https:// alone sees a certificate.
        Assert.Contains("<code>[STATUS]</code>", page);
        Assert.Contains("<code>[CERTIFICATE_EXPIRATION] (https:// only)</code>", page);
        Assert.Contains(">Create monitor</button>", page);
        Assert.Contains(">Test now</button>", page);
    }

    [Fact]
    public async Task An_http_monitor_created_through_the_form_is_saved_as_typed_and_its_page_opens()
    {
        var response = await _editor.SubmitAsShownAsync("/monitors/new?kind=http", "monitor", new()
        {
            ["name"] = "checkout",
            ["url"] = "https://shop.example/health",
            ["intervalSeconds"] = "30",
            ["retries"] = "1",
            ["method"] = "HEAD",
            ["headers"] = "X-Probe: sentinel\nAccept: text/plain",
            ["tags"] = "shop, prod",
            ["conditions"] = "[STATUS] == 200\n\n[RESPONSE_TIME] < 500\n",
            ["followRedirects"] = null,
        });

        var monitor = await CreatedAsync(response);
        Assert.Equal("checkout", (string)monitor["name"]!);
        Assert.Equal("https://shop.example/health", (string)monitor["url"]!);
        Assert.Equal(30, (int)monitor["intervalSeconds"]!);
        Assert.Equal(1, (int)monitor["retries"]!);
        Assert.Equal("HEAD", (string)monitor["method"]!);
        Assert.Equal("sentinel", (string)monitor["headers"]!["X-Probe"]!);
        Assert.Equal(["prod", "shop"], monitor["tags"]!.AsArray().Select(t => (string)t!));
        Assert.Equal(["[STATUS] == 200", "[RESPONSE_TIME] < 500"], monitor["conditions"]!.AsArray().Select(c => (string)c!));
        Assert.False((bool)monitor["followRedirects"]!);
        Assert.True((bool)monitor["enabled"]!);
    }

    public static TheoryData<string, string> KindsAndUrls => new()
    {
        { "tcp", "tcp://db.internal:5432" },
        { "dns", "dns://1.1.1.1/example.com?type=AAAA" },
        { "tls", "tls://mail.example.com:993" },
        { "icmp", "icmp://router.internal" },
        { "redis", "redis://:secret@cache.internal:6379/2" },
        { "grpc", "grpc://orders.internal:50051/orders.v1.Orders" },
        { "postgres", "postgres://monitor:secret@db.internal:5432/app" },
    };

    [Theory]
    [MemberData(nameof(KindsAndUrls))]
    public async Task A_monitor_of_each_kind_is_created_through_its_tab(string kind, string url)
    {
        var name = $"{kind}-{Guid.NewGuid():N}"[..20];

        var monitor = await CreatedAsync(await _editor.SubmitAsShownAsync($"/monitors/new?kind={kind}", "monitor", new() { ["name"] = name, ["url"] = url }));

        Assert.Equal(kind, (string)monitor["kind"]!);
        Assert.Equal(name, (string)monitor["name"]!);
        await using var db = factory.Database.CreateDbContext();
        Assert.Equal(url, ((ProbeCheck)(await db.Monitors.SingleAsync(m => m.Id == Guid.Parse((string)monitor["id"]!))).Check).Url);
    }

    [Fact]
    public async Task A_heartbeat_is_created_through_its_tab_with_a_grace_and_no_url()
    {
        var page = await _editor.PageAsync("/monitors/new?kind=heartbeat");
        Assert.DoesNotContain("name=\"url\"", page);
        Assert.DoesNotContain(">Test now</button>", page);

        var monitor = await CreatedAsync(await _editor.SubmitAsShownAsync("/monitors/new?kind=heartbeat", "monitor", new()
        {
            ["name"] = "nightly backup", ["intervalSeconds"] = "86400", ["graceSeconds"] = "600",
        }));

        Assert.Equal("heartbeat", (string)monitor["type"]!);
        Assert.Equal(600, (int)monitor["graceSeconds"]!);
        Assert.Contains((string)monitor["pingUrl"]!, await _editor.PageAsync($"/monitors/{monitor["id"]}/edit"));
    }

    [Fact]
    public async Task A_bad_url_is_refused_with_the_apis_message_beside_it_and_what_was_typed_is_kept()
    {
        var before = await CountAsync();

        var response = await _editor.SubmitAsShownAsync("/monitors/new?kind=http", "monitor", new() { ["name"] = "typo", ["url"] = "not a url", ["retries"] = "9" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        var expected = (await (await _api.PostAsJsonAsync("/api/v1/monitors", new { name = "typo", url = "not a url" })).Content.ReadFromJsonAsync<JsonObject>())!["errors"]!["url"]![0]!.GetValue<string>();
        Assert.Contains($"<p class=\"field-error\" id=\"error-url\">{WebUtility.HtmlEncode(expected).Replace("&#39;", "&#x27;")}</p>", page);
        Assert.Matches("""<input type="text" id="field-url" name="url" value="not a url"[^>]*aria-invalid="true" aria-describedby="error-url"[\s/>]""", page);
        Assert.Matches("""name="name" value="typo"[\s/>]""", page);
        Assert.Matches("""name="retries" value="9"[\s/>]""", page);
        Assert.Contains("role=\"alert\"", page);
        Assert.Equal(before, await CountAsync());
    }

    [Fact]
    public async Task A_wrong_condition_is_shown_under_the_conditions_with_its_line()
    {
        var response = await _editor.SubmitAsShownAsync("/monitors/new?kind=tcp", "monitor", new()
        {
            ["name"] = "db", ["url"] = "tcp://db.internal:5432", ["conditions"] = "[CONNECTED] == true\n[STATUS] == 200",
        });

        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches("""<p class="field-error" id="error-conditions\[1\]">Line 2: [^<]*STATUS""", page);
        Assert.Matches("""<textarea id="field-conditions"[^>]*aria-invalid="true" aria-describedby="error-conditions\[1\]"[^>]*>\[CONNECTED\] == true""", page);
    }

    [Fact]
    public async Task An_error_about_a_field_the_form_has_no_input_for_is_shown_in_the_summary()
    {
        // A heartbeat's form has no "Test now"; a page kept open from before could still post it.
        var response = await _editor.SubmitAsShownAsync("/monitors/new?kind=heartbeat", "monitor", new() { ["name"] = "nightly", ["action"] = "test" });

        var page = await response.Content.ReadAsStringAsync();
        Assert.Matches("""<div class="alert" role="alert">.*<li id="error-type"><code>type</code>: A heartbeat monitor is pinged rather than checked""", Regex.Replace(page, @"\s+", " "));
    }

    [Fact]
    public async Task Editing_shows_secrets_masked_and_saving_the_form_as_shown_keeps_them()
    {
        const string token = "s3cr3t-token-Xy9z";
        var id = await CreateAsync(new { name = "billing", url = "https://billing.example/health", bearerToken = token });

        var edit = await _editor.PageAsync($"/monitors/{id}/edit");
        Assert.DoesNotContain(token, edit);
        Assert.Matches($"""name="bearerToken" value="{SecretText.Mask(token)}"[\s/>]""", WebUtility.HtmlDecode(edit));
        Assert.Contains("shown masked", edit);
        Assert.Contains(">Save</button>", edit);

        var saved = await _editor.SubmitAsShownAsync($"/monitors/{id}/edit", "monitor", new() { ["name"] = "billing-renamed" });

        Assert.Equal($"/monitors/{id}", PathOf(saved));
        await using var db = factory.Database.CreateDbContext();
        var monitor = await db.Monitors.SingleAsync(m => m.Id == id);
        Assert.Equal(("billing-renamed", token), (monitor.Name, ((HttpCheck)monitor.Check).BearerToken));
    }

    [Fact]
    public async Task The_escalation_policy_and_the_monitors_it_depends_on_are_chosen_in_the_form_and_kept_when_it_is_saved_again()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var channel = await CreateAsync("/api/v1/channels", new { name = "pager " + suffix, type = "webhook", config = new { url = "https://hooks.example/pager" } });
        var policy = await CreateAsync("/api/v1/escalation-policies", new
        {
            name = "on call " + suffix, steps = new[] { new { delayMinutes = 0, channelIds = new[] { channel } } },
        });
        var database = await CreateAsync(new { name = "database " + suffix, url = "https://db.example/" });
        var page = await _editor.PageAsync("/monitors/new?kind=http");
        // An empty value is written as a bare attribute: the browser posts it as "".
        Assert.Contains("<option value selected>None named: the first policy its tags name, if any</option>", page);
        Assert.Contains($"<option value=\"{policy}\">on call {suffix}</option>", page);
        Assert.Matches($"""<input type="checkbox" id="depends-on-{database}" name="dependsOn" value="{database}"[^>]*>\s*database {suffix}""", page);

        var monitor = await CreatedAsync(await _editor.SubmitAsShownAsync("/monitors/new?kind=http", "monitor", new()
        {
            ["name"] = "app " + suffix, ["url"] = "https://app.example/", ["escalationPolicyId"] = $"{policy}", ["dependsOn"] = $"{database}",
        }));
        Assert.Equal($"{policy}", (string)monitor["escalationPolicyId"]!);
        Assert.Equal([$"{database}"], monitor["dependsOn"]!.AsArray().Select(d => (string)d!));

        var id = (string)monitor["id"]!;
        var edit = await _editor.PageAsync($"/monitors/{id}/edit");
        Assert.Contains($"<option value=\"{policy}\" selected>on call {suffix}</option>", edit);
        Assert.Matches($"""id="depends-on-{database}" name="dependsOn" value="{database}" checked""", edit);
        Assert.DoesNotContain($"id=\"depends-on-{id}\"", edit);
        await _editor.SubmitAsShownAsync($"/monitors/{id}/edit", "monitor", new() { ["name"] = "app renamed " + suffix });
        var saved = (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{id}"))!;
        Assert.Equal(("app renamed " + suffix, $"{policy}"), ((string)saved["name"]!, (string)saved["escalationPolicyId"]!));
        Assert.Equal([$"{database}"], saved["dependsOn"]!.AsArray().Select(d => (string)d!));

        // "None named" clears the policy and unticking clears the dependency.
        await _editor.SubmitAsShownAsync($"/monitors/{id}/edit", "monitor", new() { ["escalationPolicyId"] = "", ["dependsOn"] = null });
        var cleared = (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{id}"))!;
        Assert.Null((string?)cleared["escalationPolicyId"]);
        Assert.Empty(cleared["dependsOn"]!.AsArray());
    }

    [Fact]
    public async Task A_dependency_that_makes_a_cycle_is_refused_beside_the_depends_on_boxes_with_the_cycle_named()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var ingress = await CreateAsync(new { name = "ingress " + suffix, url = "https://ingress.example/" });
        var api = await CreateAsync(new { name = "api " + suffix, url = "https://api.example/", dependsOn = new[] { ingress } });

        var response = await _editor.SubmitAsShownAsync($"/monitors/{ingress}/edit", "monitor", new() { ["dependsOn"] = $"{api}" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches($"""<p class="field-error" id="error-dependsOn">Would make a cycle: [^<]*api {suffix}""", page);
        Assert.Matches("""<fieldset aria-describedby="error-dependsOn">\s*<legend>Depends on</legend>""", page);
        Assert.Matches($"""id="depends-on-{api}" name="dependsOn" value="{api}" checked""", page);
        var stored = (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{ingress}"))!;
        Assert.Empty(stored["dependsOn"]!.AsArray());
    }

    [Fact]
    public async Task A_masked_password_in_a_url_is_kept_and_a_new_one_replaces_it()
    {
        var id = await CreateAsync(new { name = "app db", url = "postgres://monitor:first-secret@db.internal:5432/app" });
        Assert.DoesNotContain("first-secret", await _editor.PageAsync($"/monitors/{id}/edit"));

        await _editor.SubmitAsShownAsync($"/monitors/{id}/edit", "monitor", new() { ["intervalSeconds"] = "120" });
        Assert.Equal("postgres://monitor:first-secret@db.internal:5432/app", await StoredUrlAsync(id));

        await _editor.SubmitAsShownAsync($"/monitors/{id}/edit", "monitor", new() { ["url"] = "postgres://monitor:second-secret@db.internal:5432/app" });
        Assert.Equal("postgres://monitor:second-secret@db.internal:5432/app", await StoredUrlAsync(id));
    }

    [Fact]
    public async Task Pause_and_resume_change_the_monitor_and_go_back_to_its_page()
    {
        var id = await CreateAsync(new { name = "pausable", url = "https://pausable.example/" });

        var paused = await PostActionAsync(_editor, $"/monitors/{id}/pause");

        Assert.Equal(HttpStatusCode.Redirect, paused.StatusCode);
        Assert.Equal($"/monitors/{id}", PathOf(paused));
        Assert.False(await EnabledAsync(id));
        var resumed = await PostActionAsync(_editor, $"/monitors/{id}/resume");
        Assert.Equal($"/monitors/{id}", PathOf(resumed));
        Assert.True(await EnabledAsync(id));
    }

    [Fact]
    public async Task A_pause_posted_without_the_antiforgery_token_is_refused()
    {
        var id = await CreateAsync(new { name = "forged", url = "https://forged.example/" });

        var forged = await _editor.Http.PostAsync($"/monitors/{id}/pause", new FormUrlEncodedContent([]));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.True(await EnabledAsync(id));
    }

    [Fact]
    public async Task Delete_asks_first_naming_the_monitor_and_deletes_it_on_confirmation()
    {
        var id = await CreateAsync(new { name = "doomed", url = "https://doomed.example/" });

        var confirm = await _editor.PageAsync($"/monitors/{id}/delete");
        Assert.Contains("Delete doomed?", confirm);
        Assert.Contains("<button type=\"submit\" class=\"danger\">Delete monitor</button>", confirm);
        Assert.Contains($"href=\"/monitors/{id}\">Cancel</a>", confirm);
        Assert.Equal(HttpStatusCode.OK, (await _api.GetAsync($"/api/v1/monitors/{id}")).StatusCode);

        var deleted = await _editor.SubmitAsync($"/monitors/{id}/delete", "delete-monitor", []);

        Assert.Equal("/", PathOf(deleted));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/v1/monitors/{id}")).StatusCode);
        await _editor.PageAsync($"/monitors/{id}/delete", HttpStatusCode.NotFound);
        await _editor.PageAsync($"/monitors/{id}/edit", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Markup_in_a_monitor_name_is_shown_as_text()
    {
        const string name = "<script>alert(1)</script>";
        var id = await CreateAsync(new { name, url = "https://markup.example/" });

        foreach (var path in new[] { $"/monitors/{id}/edit", $"/monitors/{id}/delete" })
        {
            var page = await _editor.PageAsync(path);
            Assert.DoesNotContain(name, page);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        }
    }

    [Fact]
    public async Task A_viewer_gets_403_for_every_monitor_write_page_and_action_even_with_a_valid_token()
    {
        var id = await CreateAsync(new { name = "guarded", url = "https://guarded.example/" });
        var viewerName = "viewer-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, viewerName, SentinelRoles.Viewer);
        using var viewer = new DashboardSession(factory);
        await viewer.LogInAsync(viewerName);

        foreach (var page in new[] { "/monitors/new?kind=http", $"/monitors/{id}/edit", $"/monitors/{id}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(page)).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, await viewer.PostEditorsFormAsync(_editor, page, "name"));
        }

        foreach (var action in new[] { "pause", "resume" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await PostActionAsync(viewer, $"/monitors/{id}/{action}")).StatusCode);
        }

        var monitor = (await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{id}"))!;
        Assert.Equal(("guarded", true), ((string)monitor["name"]!, (bool)monitor["enabled"]!));
    }

    private async Task<JsonObject> CreatedAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{(int)response.StatusCode}: {body}");
        var location = PathOf(response);
        Assert.Matches("^/monitors/[0-9a-f-]{36}$", location);
        return (await _api.GetFromJsonAsync<JsonObject>($"/api/v1{location}"))!;
    }

    /// <summary>Where a redirect goes, as a path on this site.</summary>
    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");

    private Task<Guid> CreateAsync(object monitor) => CreateAsync("/api/v1/monitors", monitor);

    private async Task<Guid> CreateAsync(string route, object resource)
    {
        var response = await _api.PostAsJsonAsync(route, resource);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return Guid.Parse((string)(await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!);
    }

    private async Task<int> CountAsync()
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }

    private async Task<string> StoredUrlAsync(Guid id)
    {
        await using var db = factory.Database.CreateDbContext();
        return ((ProbeCheck)(await db.Monitors.SingleAsync(m => m.Id == id)).Check).Url;
    }

    private async Task<bool> EnabledAsync(Guid id) => (bool)(await _api.GetFromJsonAsync<JsonObject>($"/api/v1/monitors/{id}"))!["enabled"]!;

    /// <summary>A button's post, with the session's own antiforgery token as any page's forms carry it.</summary>
    private static async Task<HttpResponseMessage> PostActionAsync(DashboardSession session, string action) =>
        await session.Http.PostAsync(action, new FormUrlEncodedContent([KeyValuePair.Create("__RequestVerificationToken", await session.AntiforgeryTokenAsync())]));

}
