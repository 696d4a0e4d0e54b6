using System.Net;
using System.Text.RegularExpressions;
using Sentinel.Api.PublicPages;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary><c>/status/{slug}</c> as a visitor without a login sees it.</summary>
public sealed partial class StatusPageTests(PublicPagesFactory api) : IClassFixture<PublicPagesFactory>
{
    private readonly StatusPageSeed _seed = new(api);
    private readonly HttpClient _visitor = api.Visitor();

    public sealed record Row(string Name, string Status, string Html);

    public static List<Row> Rows(string page) => MonitorRow().Matches(page)
        .Select(m => new Row(WebUtility.HtmlDecode(m.Groups["name"].Value), m.Groups["status"].Value, m.Value))
        .ToList();

    public static string Overall(string page) => OverallPattern().Match(page).Groups["overall"].Value;

    [Fact]
    public async Task A_page_shows_its_banner_and_each_monitor_by_display_name_with_its_state_and_a_90_day_bar()
    {
        var api1 = await _seed.MonitorAsync("internal-api-prod-eu", MonitorState.Up);
        var web = await _seed.MonitorAsync("internal-web", MonitorState.Up);
        var yesterday = DateTime.UtcNow.Date.AddDays(-1);
        await _seed.AddAsync(Enumerable.Range(0, 24)
            .Select(h => (object)DashboardSeed.Rollup(api1.Id, yesterday.AddHours(h), 60, h == 10 ? 59 : 60, 20))
            .Append(DashboardSeed.Transition(api1.Id, yesterday.AddHours(10), MonitorState.Up, MonitorState.Down))
            .Append(DashboardSeed.Transition(api1.Id, yesterday.AddHours(10).AddMinutes(1), MonitorState.Down, MonitorState.Up))
            .ToArray());
        var slug = StatusPageSeed.Unique("acme");
        await _seed.PageAsync(slug, [("Core", [(api1, "Public API"), (web, "Website")])]);

        var response = await _visitor.GetAsync($"/status/{slug}");
        var page = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains($"<h1>Status of {slug}</h1>", page);
        Assert.Equal("operational", Overall(page));
        Assert.Contains("All systems operational", page);
        Assert.Contains("<h2 id=\"group-0\">Core</h2>", page);
        Assert.Equal([("Public API", "up"), ("Website", "up")], Rows(page).Select(r => (r.Name, r.Status)));
        Assert.DoesNotContain("internal-api-prod-eu", page);
        Assert.DoesNotContain("127.0.0.1", page);

        var bar = Rows(page)[0].Html;
        Assert.Equal(PublicStatusPage.Days, DayTitle().Matches(bar).Count);
        Assert.Contains($"title=\"{yesterday:yyyy-MM-dd}: 99.93 % up, 1 min down\"", bar);
        Assert.Contains($"title=\"{yesterday.AddDays(-10):yyyy-MM-dd}: No data\"", bar);
        Assert.Contains("class=\"minor\"", bar);
        Assert.Contains("aria-label=\"Last 90 days: 99.93 % up\"", bar);

        Assert.Contains("<meta http-equiv=\"refresh\" content=\"60\" />", page);
        Assert.Contains("Last updated <time datetime=", page);
        Assert.Contains($"<link rel=\"stylesheet\" href=\"{StatusPageRoutes.Stylesheet}\" />", page);
        Assert.DoesNotContain("<script", page);
        Assert.DoesNotContain("style=", page);
        Assert.Contains("img-src 'self' data: https:", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("public, max-age=3600", response.Headers.CacheControl!.ToString());
        Assert.NotNull(response.Headers.ETag);
    }

    [Fact]
    public async Task The_banner_says_partial_outage_when_some_are_down_major_outage_when_all_are_and_maintenance_during_a_window()
    {
        var up = await _seed.MonitorAsync("b-up", MonitorState.Up);
        var down = await _seed.MonitorAsync("b-down", MonitorState.Down);
        var down2 = await _seed.MonitorAsync("b-down-2", MonitorState.Down);
        var serviced = await _seed.MonitorAsync("b-serviced", MonitorState.Up, tags: ["db-maintenance-banner"]);
        await _seed.AddAsync(new MaintenanceWindow
        {
            Id = Guid.CreateVersion7(), Name = "Database upgrade", Description = "New major version.", StartsAt = DateTime.UtcNow.AddHours(-1),
            EndsAt = DateTime.UtcNow.AddHours(1), Tags = ["db-maintenance-banner"], CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
        });
        var partial = await _seed.PageAsync(StatusPageSeed.Unique("partial"), [("All", [(up, "Up one"), (down, "Down one")])]);
        var major = await _seed.PageAsync(StatusPageSeed.Unique("major"), [("All", [(down, "Down one"), (down2, "Down two")])]);
        var maintenance = await _seed.PageAsync(StatusPageSeed.Unique("maint"), [("All", [(up, "Up one"), (serviced, "Database")])]);

        var partialPage = await _visitor.TextAsync($"/status/{partial.Slug}");
        var majorPage = await _visitor.TextAsync($"/status/{major.Slug}");
        var maintenancePage = await _visitor.TextAsync($"/status/{maintenance.Slug}");

        Assert.Equal("partial-outage", Overall(partialPage));
        Assert.Contains("Partial outage", partialPage);
        Assert.Equal("major-outage", Overall(majorPage));
        Assert.Contains("Major outage", majorPage);
        Assert.Equal("maintenance", Overall(maintenancePage));
        Assert.Contains("Under maintenance", maintenancePage);
        Assert.Equal(["up", "maintenance"], Rows(maintenancePage).Select(r => r.Status));
        Assert.Contains("<h3>Database upgrade</h3>", maintenancePage);
        Assert.Contains("In progress until", maintenancePage);
    }

    [Fact]
    public async Task Open_incidents_show_on_top_with_their_timeline_and_resolved_ones_below()
    {
        var monitor = await _seed.MonitorAsync("inc-api", MonitorState.Up);
        var elsewhere = await _seed.MonitorAsync("inc-elsewhere", MonitorState.Up);
        await _seed.IncidentAsync("Slow checkouts", IncidentImpact.Major, [monitor.Id],
            (IncidentStatus.Investigating, "We are looking into slow checkouts."), (IncidentStatus.Identified, "A database index was missing."));
        await _seed.IncidentAsync("Login errors", IncidentImpact.Minor, [monitor.Id],
            (IncidentStatus.Investigating, "Some logins fail."), (IncidentStatus.Resolved, "Fixed by a rollback."));
        await _seed.IncidentAsync("Another team's outage", IncidentImpact.Critical, [elsewhere.Id], (IncidentStatus.Investigating, "Not on this page."));
        var page = await _seed.PageAsync(StatusPageSeed.Unique("inc"), [("All", [(monitor, "API")])]);

        var html = await _visitor.TextAsync($"/status/{page.Slug}");

        Assert.Equal("partial-outage", Overall(html));
        var active = html.IndexOf("Active incidents", StringComparison.Ordinal);
        var past = html.IndexOf("Past incidents", StringComparison.Ordinal);
        Assert.True(active >= 0 && past > active);
        var slow = html.IndexOf("Slow checkouts", StringComparison.Ordinal);
        Assert.InRange(slow, active, html.IndexOf("group-0", StringComparison.Ordinal));
        Assert.Contains("We are looking into slow checkouts.", html);
        Assert.Contains("A database index was missing.", html);
        Assert.True(html.IndexOf("A database index was missing.", StringComparison.Ordinal) < html.IndexOf("We are looking into slow checkouts.", StringComparison.Ordinal),
            "The newest update comes first.");
        Assert.True(html.IndexOf("Login errors", StringComparison.Ordinal) > past);
        Assert.Contains("Fixed by a rollback.", html);
        Assert.DoesNotContain("Another team", html);
        Assert.DoesNotContain("Not on this page.", html);
    }

    [Fact]
    public async Task A_page_shows_targets_and_errors_only_when_it_says_so()
    {
        var monitor = await _seed.MonitorAsync("te-api", MonitorState.Down, url: "https://api.internal.example/health", error: "connection refused by 10.0.0.7");
        var hidden = await _seed.PageAsync(StatusPageSeed.Unique("hidden"), [("All", [(monitor, "API")])]);
        var shown = await _seed.PageAsync(StatusPageSeed.Unique("shown"), [("All", [(monitor, "API")])], p => p.ShowTargets = p.ShowErrors = true);

        var hiddenHtml = await _visitor.TextAsync($"/status/{hidden.Slug}");
        var hiddenJson = await _visitor.TextAsync($"/status/{hidden.Slug}.json");
        var shownHtml = await _visitor.TextAsync($"/status/{shown.Slug}");
        var shownJson = await _visitor.JsonAsync($"/status/{shown.Slug}.json");

        foreach (var body in new[] { hiddenHtml, hiddenJson })
        {
            Assert.DoesNotContain("api.internal.example", body);
            Assert.DoesNotContain("connection refused", body);
        }

        Assert.Contains("<span class=\"target\">https://api.internal.example/health</span>", shownHtml);
        Assert.Contains("<p class=\"error\">connection refused by 10.0.0.7</p>", shownHtml);
        var row = shownJson.GetProperty("groups")[0].GetProperty("monitors")[0];
        Assert.Equal("https://api.internal.example/health", row.GetProperty("target").GetString());
        Assert.Equal("connection refused by 10.0.0.7", row.GetProperty("error").GetString());
    }

    [Fact]
    public async Task The_json_says_what_the_page_says()
    {
        var up = await _seed.MonitorAsync("json-up", MonitorState.Up);
        var down = await _seed.MonitorAsync("json-down", MonitorState.Down);
        await _seed.IncidentAsync("Queue backlog", IncidentImpact.Minor, [down.Id], (IncidentStatus.Monitoring, "Draining."));
        var page = await _seed.PageAsync(StatusPageSeed.Unique("json"), [("Edge", [(up, "CDN")]), ("Core", [(down, "Workers")])]);

        var response = await _visitor.GetAsync($"/status/{page.Slug}.json");
        var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(page.Slug, json.GetProperty("slug").GetString());
        Assert.Equal(page.Title, json.GetProperty("title").GetString());
        Assert.Equal("partial-outage", json.GetProperty("status").GetString());
        Assert.Equal("Partial outage", json.GetProperty("statusText").GetString());
        var groups = json.GetProperty("groups").EnumerateArray().ToList();
        Assert.Equal(["Edge", "Core"], groups.Select(g => g.GetProperty("name").GetString()));
        var workers = groups[1].GetProperty("monitors")[0];
        Assert.Equal("Workers", workers.GetProperty("name").GetString());
        Assert.Equal("down", workers.GetProperty("status").GetString());
        Assert.Equal(PublicStatusPage.Days, workers.GetProperty("days").GetArrayLength());
        Assert.Equal(DateTime.UtcNow.ToString("yyyy-MM-dd"), workers.GetProperty("days")[PublicStatusPage.Days - 1].GetProperty("date").GetString());
        Assert.False(workers.TryGetProperty("id", out _));
        var incident = Assert.Single(json.GetProperty("activeIncidents").EnumerateArray());
        Assert.Equal("Queue backlog", incident.GetProperty("title").GetString());
        Assert.Equal("minor", incident.GetProperty("impact").GetString());
        Assert.Equal("monitoring", incident.GetProperty("status").GetString());
        Assert.Equal("Draining.", incident.GetProperty("updates")[0].GetProperty("message").GetString());
        Assert.False(incident.TryGetProperty("monitorIds", out _));
    }

    [Fact]
    public async Task An_unknown_slug_answers_404_on_every_form_of_the_page()
    {
        var html = await _visitor.GetAsync("/status/no-such-page");
        var json = await _visitor.GetAsync("/status/no-such-page.json");
        var feed = await _visitor.GetAsync("/status/no-such-page/feed.atom");

        Assert.Equal(HttpStatusCode.NotFound, html.StatusCode);
        Assert.Contains("There is no status page at this address.", await html.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.NotFound, json.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, feed.StatusCode);
    }

    [Fact]
    public async Task User_text_with_markup_is_written_as_text_everywhere()
    {
        const string evil = "<script>alert(1)</script>";
        var monitor = await _seed.MonitorAsync("xss", MonitorState.Down, error: evil);
        await _seed.IncidentAsync($"Title {evil}", IncidentImpact.Minor, [monitor.Id], (IncidentStatus.Investigating, $"Message {evil}"));
        var page = await _seed.PageAsync(StatusPageSeed.Unique("xss"), [($"Group {evil}", [(monitor, $"Name {evil}")])], p =>
        {
            p.Title = $"Title {evil}";
            p.Description = $"About {evil}";
            p.ShowErrors = true;
        });

        var html = await _visitor.TextAsync($"/status/{page.Slug}");
        var json = await _visitor.JsonAsync($"/status/{page.Slug}.json");
        var feed = System.Xml.Linq.XDocument.Parse(await _visitor.TextAsync($"/status/{page.Slug}/feed.atom"));

        Assert.DoesNotContain("<script", html);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
        Assert.Equal($"Name {evil}", json.GetProperty("groups")[0].GetProperty("monitors")[0].GetProperty("name").GetString());
        Assert.Contains(feed.Descendants(), e => e.Name.LocalName == "title" && e.Value == $"Title {evil}");
    }

    [Fact]
    public async Task A_transition_of_a_listed_monitor_renders_the_page_again_at_once()
    {
        var monitor = await _seed.MonitorAsync("flip", MonitorState.Up);
        var page = await _seed.PageAsync(StatusPageSeed.Unique("flip"), [("All", [(monitor, "Flipper")])]);
        Assert.Equal("up", Rows(await _visitor.TextAsync($"/status/{page.Slug}"))[0].Status);

        await _seed.SetStateAsync(monitor.Id, MonitorState.Down);
        // The cache lasts an hour here: without a transition the page keeps what it rendered.
        Assert.Equal("up", Rows(await _visitor.TextAsync($"/status/{page.Slug}"))[0].Status);
        await _seed.PublishTransitionAsync(monitor.Id, MonitorState.Up, MonitorState.Down);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        string status;
        do
        {
            status = Rows(await _visitor.TextAsync($"/status/{page.Slug}"))[0].Status;
        }
        while (status != "down" && DateTime.UtcNow < deadline && await Pause());

        Assert.Equal("down", status);
        Assert.Equal("major-outage", (await _visitor.JsonAsync($"/status/{page.Slug}.json")).GetProperty("status").GetString());
    }

    private static async Task<bool> Pause()
    {
        await Task.Delay(50);
        return true;
    }

    [GeneratedRegex("""<li class="monitor" data-status="(?<status>[a-z]+)">\s*<div class="monitor-head">\s*<span class="monitor-name">(?<name>[^<]*)</span>.*?</li>""", RegexOptions.Singleline)]
    private static partial Regex MonitorRow();

    [GeneratedRegex("data-overall=\"(?<overall>[a-z-]+)\"")]
    private static partial Regex OverallPattern();

    [GeneratedRegex("""<span class="[a-z]+" title="[^"]*"></span>""")]
    private static partial Regex DayTitle();
}
