using System.Net;
using System.Text.RegularExpressions;
using Sentinel.Api.Auth;
using Sentinel.Api.Dashboard.Monitors;
using Sentinel.Contracts;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The overview at <c>/</c>, over a database of its own: its counts cover every monitor there is.</summary>
public sealed partial class OverviewCountTests(UptimeApiFactory factory) : IClassFixture<UptimeApiFactory>
{
    [Fact]
    public async Task An_empty_overview_says_so_and_once_there_are_monitors_counts_each_status_over_all_of_them()
    {
        await DashboardSession.CreateUserAsync(factory, "counter", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("counter");
        Assert.Contains("No monitors yet", await session.PageAsync("/"));

        var seed = new DashboardSeed(factory);
        foreach (var i in Enumerable.Range(0, 3))
        {
            await seed.MonitorAsync($"up-{i}", MonitorState.Up);
        }

        await seed.MonitorAsync("down-0", MonitorState.Down);
        await seed.MonitorAsync("down-1", MonitorState.Down);
        await seed.MonitorAsync("never-checked");
        await seed.MonitorAsync("paused-while-up", MonitorState.Up, enabled: false);
        // More than a page of monitors, so the counts are not the page's.
        foreach (var i in Enumerable.Range(0, Overview.PageSize))
        {
            await seed.MonitorAsync($"bulk-{i}", MonitorState.Up);
        }

        var page = await session.PageAsync("/");

        Assert.Equal(
            new Dictionary<string, int> { ["up"] = 103, ["down"] = 2, ["pending"] = 1, ["paused"] = 1, ["maintenance"] = 0, ["total"] = 107 },
            Counts().Matches(page).ToDictionary(m => m.Groups["status"].Value, m => int.Parse(m.Groups["n"].Value)));
        Assert.DoesNotContain("No monitors yet", page);
        Assert.Equal(Overview.PageSize, OverviewPageTests.Rows(page).Count);

        var down = await session.PageAsync("/?status=down&name=&tag=");
        Assert.Equal(["down"], OverviewPageTests.Rows(down).Select(r => r.Status).Distinct());
        Assert.Equal(2, OverviewPageTests.Rows(down).Count);
        Assert.Contains("data-count=\"up\">103<", down);
    }

    [GeneratedRegex("""data-count="(?<status>[a-z]+)">(?<n>\d+)<""")]
    private static partial Regex Counts();
}

public sealed partial class OverviewPageTests(UptimeApiFactory factory) : IClassFixture<UptimeApiFactory>
{
    private static readonly DateTime H = UptimeApiFactory.Hour;
    private readonly DashboardSeed _seed = new(factory);

    public sealed record Row(Guid Id, string Status, string Html);

    public static List<Row> Rows(string page) => RowPattern().Matches(page)
        .Select(m => new Row(Guid.Parse(m.Groups["id"].Value), m.Groups["status"].Value, m.Value))
        .ToList();

    private async Task<DashboardSession> LogInAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        await DashboardSession.CreateUserAsync(factory, name, role);
        var session = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync(name)).StatusCode);
        return session;
    }

    [Fact]
    public async Task Each_row_links_its_monitor_and_shows_status_check_last_check_and_latency()
    {
        var monitor = await _seed.MonitorAsync("checkout-row", MonitorState.Down, tags: ["row-test"], latencyMs: 123.4, checkedAt: new DateTime(2026, 3, 4, 5, 6, 7, DateTimeKind.Utc));
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var row = Assert.Single(Rows(await session.PageAsync("/?tag=row-test")));

        Assert.Equal((monitor.Id, "down"), (row.Id, row.Status));
        Assert.Contains($"<a href=\"/monitors/{monitor.Id}\">checkout-row</a>", row.Html);
        Assert.Matches("""<td data-field="status"><span class="status">down</span></td>""", row.Html);
        Assert.Contains("http://127.0.0.1:1/health", row.Html);
        Assert.Contains("2026-03-04 05:06:07 UTC", row.Html);
        Assert.Contains("123 ms", row.Html);
    }

    [Fact]
    public async Task Filters_by_status_name_and_tag_match_the_rest_list()
    {
        var tag = $"f{Guid.NewGuid():N}"[..12];
        var up = await _seed.MonitorAsync("Payments API", MonitorState.Up, tags: [tag]);
        var down = await _seed.MonitorAsync("payments worker", MonitorState.Down, tags: [tag]);
        var paused = await _seed.MonitorAsync("search", MonitorState.Down, enabled: false, tags: [tag]);
        var pending = await _seed.MonitorAsync("100%_literal", tags: [tag]);
        using var session = await LogInAsync(SentinelRoles.Viewer);

        async Task<List<Guid>> Ids(string query) => Rows(await session.PageAsync($"/?tag={tag}&{query}")).Select(r => r.Id).ToList();

        // Rows come in creation order, which is id order.
        Assert.Equal(new[] { up.Id, down.Id, paused.Id, pending.Id }.Order(), await Ids("status="));
        Assert.Equal(new[] { up.Id, down.Id }.Order(), await Ids("name=PAYMENTS"));
        Assert.Equal([down.Id], await Ids("status=down&name=payments"));
        Assert.Equal([paused.Id], await Ids("status=paused"));
        Assert.Equal([pending.Id], await Ids("status=pending"));
        Assert.Equal([pending.Id], await Ids("name=0%25_"));
        Assert.Equal([up.Id], await Ids("status=up"));
        Assert.Empty(await Ids("name=nothing-like-it"));

        var wrong = await session.PageAsync($"/?status=sideways");
        Assert.Contains("Status: Must be pending, up, down, degraded, paused or maintenance.", wrong);
        Assert.Empty(Rows(wrong));
    }

    [Fact]
    public async Task The_filter_form_has_labelled_status_name_and_tag_fields_and_keeps_what_was_asked()
    {
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var page = await session.PageAsync("/?status=down&name=web&tag=prod");

        Assert.Matches("""<form class="filters" method="get" action="/" """, page);
        Assert.Contains("""<label for="filter-status">Status</label>""", page);
        Assert.Contains("""<label for="filter-name">Name</label>""", page);
        Assert.Contains("""<label for="filter-tag">Tag</label>""", page);
        Assert.Matches("""<option value="down" selected>""", page);
        Assert.Matches("""id="filter-name" name="name" type="search" value="web" """, page);
        Assert.Matches("""id="filter-tag" name="tag" value="prod" """, page);
    }

    [Fact]
    public async Task Pages_of_a_hundred_rows_link_forward_and_back_keeping_the_filters()
    {
        var tag = $"p{Guid.NewGuid():N}"[..12];
        var ids = new List<Guid>();
        for (var i = 0; i < 2 * Overview.PageSize + 5; i++)
        {
            ids.Add((await _seed.MonitorAsync($"paged-{i}", MonitorState.Up, tags: [tag])).Id);
        }

        // Rows come in creation order, which is id order (two ids of one millisecond may be made in either).
        ids.Sort();

        using var session = await LogInAsync(SentinelRoles.Viewer);

        var first = await session.PageAsync($"/?tag={tag}&status=up");
        Assert.Equal(ids[..100], Rows(first).Select(r => r.Id));
        Assert.Null(Link(first, "prev"));

        var second = await session.PageAsync(Link(first, "next")!);
        Assert.Equal(ids[100..200], Rows(second).Select(r => r.Id));
        Assert.Contains($"tag={tag}", Link(second, "next"));
        Assert.Contains("status=up", Link(second, "next"));

        var third = await session.PageAsync(Link(second, "next")!);
        Assert.Equal(ids[200..], Rows(third).Select(r => r.Id));
        Assert.Null(Link(third, "next"));

        var back = await session.PageAsync(Link(third, "prev")!);
        Assert.Equal(ids[100..200], Rows(back).Select(r => r.Id));
        var start = await session.PageAsync(Link(back, "prev")!);
        Assert.Equal(ids[..100], Rows(start).Select(r => r.Id));
        Assert.Null(Link(start, "prev"));
    }

    [Fact]
    public async Task The_24_hour_bar_has_a_cell_per_hour_coloured_by_its_checks_with_the_figures_in_words()
    {
        var monitor = await _seed.MonitorAsync("barred", MonitorState.Up, tags: ["bar-test"]);
        await _seed.AddAsync(
            DashboardSeed.Rollup(monitor.Id, H.AddHours(-24), 500, 0, 10),   // a day ago: not on the bar
            DashboardSeed.Rollup(monitor.Id, H.AddHours(-23), 1, 1, 10),
            DashboardSeed.Rollup(monitor.Id, H.AddHours(-1), 10, 5, 10),
            DashboardSeed.Rollup(monitor.Id, H, 10, 10, 10));
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var row = Assert.Single(Rows(await session.PageAsync("/?tag=bar-test")));

        var bar = Bar().Match(row.Html);
        Assert.True(bar.Success, row.Html);
        Assert.Contains("""role="img" aria-label="Last 24 hours: 76.19 % up over 21 checks">""", bar.Value);
        var cells = Cell().Matches(bar.Value).Select(c => c.Groups["class"].Value).ToList();
        Assert.Equal(["up", .. Enumerable.Repeat("none", 21), "down", "up"], cells);
        Assert.Contains($"<title>{H.AddHours(-1):MMM d, HH:mm} to {H:HH:mm} UTC: 50 % up (10 checks)</title>", bar.Value);
        Assert.Contains($"<title>{H.AddHours(-2):MMM d, HH:mm} to {H.AddHours(-1):HH:mm} UTC: no checks</title>", bar.Value);
        Assert.Contains($"<title>{H.AddHours(-23):MMM d, HH:mm} to {H.AddHours(-22):HH:mm} UTC: 100 % up (1 check)</title>", bar.Value);
    }

    [Fact]
    public async Task Editors_get_a_new_monitor_link_and_viewers_do_not()
    {
        using var viewer = await LogInAsync(SentinelRoles.Viewer);
        using var editor = await LogInAsync(SentinelRoles.Editor);

        Assert.DoesNotContain("href=\"/monitors/new\"", await viewer.PageAsync("/"));
        Assert.Contains("""<a class="button primary" href="/monitors/new">New monitor</a>""", await editor.PageAsync("/"));
    }

    [Fact]
    public async Task The_overview_loads_the_live_update_script_and_is_compressed_and_never_cached()
    {
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var plain = await session.PageAsync("/");
        Assert.Matches("""<script src="[^"]*dashboard[^"]*\.js" defer></script>""", plain);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Accept-Encoding", "br");
        using var response = await session.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["br"], response.Content.Headers.ContentEncoding);
        Assert.True(response.Headers.CacheControl?.NoStore, $"Cache-Control: {response.Headers.CacheControl}");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.True(bytes.Length < plain.Length / 2, $"{bytes.Length} bytes compressed of {plain.Length}");
    }

    private static string? Link(string page, string rel) =>
        Regex.Match(page, $"""<a href="(?<href>[^"]*)" rel="{rel}">""") is { Success: true } m ? WebUtility.HtmlDecode(m.Groups["href"].Value) : null;

    [GeneratedRegex("""<tr data-monitor-id="(?<id>[0-9a-f-]{36})" data-status="(?<status>[a-z]+)">.*?</tr>""", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("""<svg class="day-bar".*?</svg>""", RegexOptions.Singleline)]
    private static partial Regex Bar();

    [GeneratedRegex("""<rect [^>]*class="(?<class>up|down|none)">""")]
    private static partial Regex Cell();
}
