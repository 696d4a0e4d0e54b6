using System.Net;
using System.Text.RegularExpressions;
using Sentinel.Api.Auth;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The monitor page at <c>/monitors/{id}</c>, with the clock stopped half past an hour (<see cref="UptimeApiFactory"/>).</summary>
public sealed partial class MonitorPageTests(UptimeApiFactory factory) : IClassFixture<UptimeApiFactory>
{
    private static readonly DateTime H = UptimeApiFactory.Hour;
    private readonly DashboardSeed _seed = new(factory);

    private async Task<DashboardSession> LogInAsync(string role)
    {
        var name = $"{role}-{Guid.NewGuid():N}"[..20];
        await DashboardSession.CreateUserAsync(factory, name, role);
        var session = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync(name)).StatusCode);
        return session;
    }

    [Fact]
    public async Task The_page_shows_status_since_uptime_incidents_results_and_alerts_per_channel()
    {
        var monitor = await _seed.MonitorAsync("billing", MonitorState.Down, checkedAt: H.AddMinutes(29));
        var id = monitor.Id;
        var slow = DashboardSeed.Result(id, H.AddMinutes(20), CheckStatus.Down, 812, null, "[STATUS] == 200 (saw 503)", "[BODY].ok == true (saw false)");
        var fine = DashboardSeed.Result(id, H.AddMinutes(10), CheckStatus.Up, 35);
        var slack = Guid.NewGuid();
        var mail = Guid.NewGuid();
        await _seed.AddAsync(
            slow, fine,
            DashboardSeed.Transition(id, H.AddHours(-3), MonitorState.Pending, MonitorState.Down),
            DashboardSeed.Transition(id, H.AddHours(-2), MonitorState.Down, MonitorState.Up),
            DashboardSeed.Transition(id, H.AddMinutes(-15), MonitorState.Up, MonitorState.Down),
            DashboardSeed.Rollup(id, H.AddHours(-3), 100, 50, 40),
            DashboardSeed.Rollup(id, H.AddHours(-2), 100, 100, 40),
            DashboardSeed.Rollup(id, H.AddDays(-6), 200, 0, 900),
            Delivery(id, slack, "ops-slack", "slack", NotificationKind.Down, DeliveryState.Sent, null),
            Delivery(id, slack, "ops-slack", "slack", NotificationKind.Up, DeliveryState.Sent, null),
            Delivery(id, mail, "oncall-mail", "email", NotificationKind.Down, DeliveryState.Failed, "SMTP 550 mailbox unavailable"));
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var page = await session.PageAsync($"/monitors/{id}");

        Assert.Contains("<h1>billing</h1>", page);
        Assert.Matches($"""<div class="row state" data-monitor-id="{id}" data-status="down">\s*<span class="status" data-field="status">down</span>""", page);
        Assert.Contains($"since <time datetime=\"{H.AddMinutes(-15):yyyy-MM-dd'T'HH:mm:ss'Z'}\">", page);
        Assert.Contains("(45 min 0 s)", page);
        Assert.Contains("http://127.0.0.1:1/health", page);

        Assert.Matches("""data-uptime="24h">75 %</span>""", page);
        Assert.Matches("""data-uptime="7d">37.5 %</span>""", page);

        var incidents = Section(page, "incidents");
        Assert.Contains("ongoing", incidents);
        Assert.Contains("45 min 0 s", incidents);
        Assert.Contains($"{H.AddHours(-3):yyyy-MM-dd HH:mm:ss} UTC", incidents);
        Assert.Contains("1 h 0 min", incidents);
        Assert.True(incidents.IndexOf("ongoing", StringComparison.Ordinal) < incidents.IndexOf("1 h 0 min", StringComparison.Ordinal), "newest first");

        var results = Section(page, "results");
        Assert.True(results.IndexOf("812 ms", StringComparison.Ordinal) < results.IndexOf("35 ms", StringComparison.Ordinal), "newest first");
        Assert.Contains("<td class=\"error\">[STATUS] == 200 (saw 503); [BODY].ok == true (saw false)</td>", results);
        Assert.Contains("<li>[STATUS] == 200 (saw 503)</li>", results);
        Assert.Contains("<li>[BODY].ok == true (saw false)</li>", results);
        Assert.Contains(">503<", results);

        var alerts = Section(page, "alerts");
        Assert.Matches("""<td>ops-slack</td>\s*<td>slack</td>\s*<td class="num">2</td>\s*<td class="num">0</td>""", alerts);
        Assert.Matches("""<td>oncall-mail</td>\s*<td>email</td>\s*<td class="num">0</td>\s*<td class="num">1</td>""", alerts);
        Assert.Contains("SMTP 550 mailbox unavailable", alerts);
    }

    [Fact]
    public async Task The_latency_chart_draws_p50_and_p95_per_stretch_over_the_chosen_window_and_says_it_in_words()
    {
        var monitor = await _seed.MonitorAsync("charted", MonitorState.Up);
        var busy = DashboardSeed.Rollup(monitor.Id, H.AddHours(-2), 100, 100, 20);
        busy.LatencyHistogram[LatencyHistogram.BucketOf(20)] = 90;
        busy.LatencyHistogram[LatencyHistogram.BucketOf(300)] = 10;
        busy.LatencyMaxMs = 300;
        await _seed.AddAsync(busy, DashboardSeed.Rollup(monitor.Id, H.AddHours(-1), 10, 10, 30), DashboardSeed.Rollup(monitor.Id, H.AddDays(-5), 10, 10, 700));
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var day = await session.PageAsync($"/monitors/{monitor.Id}");
        var chart = Chart().Match(day).Value;
        Assert.Matches("""<svg [^>]*role="img" aria-label="Latency over the last 24 hours: p50 from 2\d ms to 3\d ms, p95 up to (2[6-9]\d|3[0-2]\d) ms, over 110 checks\.[^>]*>""", chart);
        Assert.Single(Regex.Matches(chart, """<polyline class="line-p50" points="[\d., ]+">"""));
        Assert.Single(Regex.Matches(chart, """<polyline class="line-p95" points="[\d., ]+">"""));
        Assert.Contains("<figcaption>", chart);
        Assert.Matches("""<a href="/monitors/[^"]+\?window=24h#latency" aria-current="page">last 24 hours</a>""", day);

        var week = await session.PageAsync($"/monitors/{monitor.Id}?window=7d");
        Assert.Matches("""aria-label="Latency over the last 7 days: p50 from [^"]* p95 up to 7\d\d ms, over 120 checks\.""", week);
        Assert.Matches("""<a href="/monitors/[^"]+\?window=7d#latency" aria-current="page">last 7 days</a>""", week);
    }

    [Fact]
    public async Task An_unknown_monitor_is_a_404_page()
    {
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var page = await session.PageAsync($"/monitors/{Guid.NewGuid()}", HttpStatusCode.NotFound);

        Assert.Contains("<h1>Not found</h1>", page);
        Assert.Contains("<a href=\"/\">All monitors</a>", page);
    }

    [Fact]
    public async Task Text_users_typed_and_errors_targets_echoed_are_shown_as_text_on_both_pages()
    {
        var monitor = await _seed.MonitorAsync("<script>alert(1)</script>", MonitorState.Down, tags: ["xss"], error: "<img src=x onerror=alert(2)>");
        await _seed.AddAsync(DashboardSeed.Result(monitor.Id, H.AddMinutes(5), CheckStatus.Down, 5, null, "<b>bold</b>", "[BODY] == <svg onload=alert(3)>"));
        using var session = await LogInAsync(SentinelRoles.Viewer);

        var overview = await session.PageAsync("/?tag=xss");
        var page = await session.PageAsync($"/monitors/{monitor.Id}");

        foreach (var html in new[] { overview, page })
        {
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", html);
            Assert.DoesNotContain("<script>alert(1)", html);
        }

        Assert.Contains("&lt;img src", page);
        Assert.DoesNotContain("<img", page);
        Assert.Contains("&lt;b&gt;bold&lt;/b&gt;", page);
        Assert.Contains("&lt;svg onload", page);
        Assert.DoesNotContain("<svg onload", page);
    }

    [Fact]
    public async Task A_viewer_sees_no_edit_delete_or_pause_and_an_editor_gets_them()
    {
        var running = await _seed.MonitorAsync("controlled", MonitorState.Up);
        var paused = await _seed.MonitorAsync("resting", MonitorState.Up, enabled: false);
        using var viewer = await LogInAsync(SentinelRoles.Viewer);
        using var editor = await LogInAsync(SentinelRoles.Editor);

        var seen = await viewer.PageAsync($"/monitors/{running.Id}");
        Assert.DoesNotContain("/edit\"", seen);
        Assert.DoesNotContain("/delete\"", seen);
        Assert.DoesNotContain(">Pause<", seen);
        Assert.DoesNotContain("/pause\"", seen);

        var editable = await editor.PageAsync($"/monitors/{running.Id}");
        Assert.Contains($"<a class=\"button\" href=\"/monitors/{running.Id}/edit\">Edit</a>", editable);
        Assert.Contains($"<a class=\"button danger\" href=\"/monitors/{running.Id}/delete\">Delete</a>", editable);
        Assert.Matches($"""<form class="inline" method="post" action="/monitors/{running.Id}/pause"><input type="hidden" name="__RequestVerificationToken" value="[^"]+"[^>]*>\s*<button>Pause</button>""", editable);

        var resumable = await editor.PageAsync($"/monitors/{paused.Id}");
        Assert.Matches($"""action="/monitors/{paused.Id}/resume">.*?<button>Resume</button>""", resumable.ReplaceLineEndings(" "));
        Assert.Contains("data-status=\"paused\"", resumable);
    }

    [Fact]
    public async Task A_visitor_is_sent_to_log_in_before_seeing_a_monitor()
    {
        var monitor = await _seed.MonitorAsync("private", MonitorState.Up);
        using var anonymous = new DashboardSession(factory);

        var response = await anonymous.Http.GetAsync($"/monitors/{monitor.Id}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/login", response.Headers.Location!.PathAndQuery);
    }

    private static NotificationDelivery Delivery(Guid monitorId, Guid channelId, string channel, string type, NotificationKind kind, DeliveryState state, string? error) => new()
    {
        Id = Guid.CreateVersion7(), TransitionId = Guid.NewGuid(), ChannelId = channelId, MonitorId = monitorId, Kind = kind, ChannelName = channel,
        ChannelType = type, State = state, Attempts = 1, LastError = error, CreatedAt = H, NextAttemptAt = H, SentAt = state == DeliveryState.Sent ? H : null,
    };

    private static string Section(string page, string tableClass) =>
        Regex.Match(page, $"""<table class="{tableClass}">.*?</table>""", RegexOptions.Singleline) is { Success: true } m
            ? m.Value
            : throw new Xunit.Sdk.XunitException($"No {tableClass} table in:\n{page}");

    [GeneratedRegex("""<figure class="chart">.*?</figure>""", RegexOptions.Singleline)]
    private static partial Regex Chart();
}
