using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// A monitor checked from three regions and degraded (one region failing, fewer than its quorum of two), as the
/// dashboard, a public status page and a badge show it; and the forms' region fields.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class RegionPagesTests(RunningSystem system, DashboardBrowser browser)
{
    private static readonly string[] Regions = [RegionNames.Default, "eu", "us"];

    [Fact]
    public Task A_monitor_degraded_in_one_of_three_regions_shows_degraded_everywhere_with_each_regions_latest_result() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var name = $"api-{suffix}";
        var publicId = "regions" + suffix + Guid.NewGuid().ToString("N")[..12];
        var slug = $"regions-{suffix}";
        var id = await SeedDegradedMonitorAsync(name, publicId, slug);

        var page = session.Page;
        await session.LogInAsAdminAsync();
        await page.GotoAsync("/?name=" + Uri.EscapeDataString(name));
        var row = page.Locator($"tr[data-monitor-id='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "degraded");
        await Expect(row.Locator("[data-field='status']")).ToHaveTextAsync("degraded");
        await Expect(page.Locator("[data-count='degraded']")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\s*[1-9][0-9]*\s*$"));
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("overview-degraded");

        // Only degraded monitors, by the overview's status filter.
        await page.GotoAsync("/?status=degraded");
        await Expect(page.Locator("tbody tr:not([data-status='degraded'])")).ToHaveCountAsync(0);
        await Expect(page.Locator($"tr[data-monitor-id='{id}']")).ToHaveCountAsync(1);

        await page.GotoAsync($"/monitors/{id}");
        await Expect(page.Locator("span[data-field='status']")).ToHaveTextAsync("degraded");
        await Expect(page.Locator("[data-field='quorum']")).ToContainTextAsync("down when 2 of 3 regions fail");
        var regions = page.Locator("table.regions tbody tr");
        await Expect(regions).ToHaveCountAsync(3);
        await Expect(page.Locator("table.regions tr[data-region='default']")).ToHaveAttributeAsync("data-status", "up");
        await Expect(page.Locator("table.regions tr[data-region='eu']")).ToHaveAttributeAsync("data-status", "up");
        var us = page.Locator("table.regions tr[data-region='us']");
        await Expect(us).ToHaveAttributeAsync("data-status", "down");
        await Expect(us).ToContainTextAsync("connection refused");
        await Expect(us).ToContainTextAsync("40 ms");
        await Expect(page.Locator("table.results [data-field='region']")).ToHaveCountAsync(6);
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("monitor-regions-degraded");

        // The history of one region only.
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Results of region" }).GetByRole(AriaRole.Link, new() { Name = "us", Exact = true }).ClickAsync();
        await Expect(page.Locator("table.results [data-field='region']")).ToHaveCountAsync(2);
        await Expect(page.Locator("table.results [data-field='region']")).ToHaveTextAsync(["us", "us"]);
        await Expect(page.Locator("table.results tbody tr[data-status='down']")).ToHaveCountAsync(2);

        // The public side: the page says degraded performance, and so do its JSON and the badge.
        await session.Context.ClearCookiesAsync();
        // Without the reload every minute, as axe would count it against the page (StatusPageBrowserTests says why).
        await page.GotoAsync($"/status/{slug}?{Sentinel.Api.PublicPages.StatusPageRoutes.NoRefreshQuery}");
        await Expect(page.Locator("[data-overall]")).ToHaveTextAsync("Degraded performance");
        await Expect(page.Locator("li.monitor[data-status='degraded']")).ToContainTextAsync("Degraded performance");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("status-page-degraded");
        var json = await system.Api.GetFromJsonAsync<JsonElement>($"/status/{slug}.json");
        Assert.Equal("degraded-performance", json.Str("status"));
        Assert.Equal("degraded", json.GetProperty("groups")[0].GetProperty("monitors")[0].Str("status"));

        var badge = await system.Api.GetAsync($"/badge/{publicId}/status.svg");
        Assert.Equal(HttpStatusCode.OK, badge.StatusCode);
        var svg = XDocument.Parse(await badge.Content.ReadAsStringAsync()).Root!;
        XNamespace ns = "http://www.w3.org/2000/svg";
        Assert.Equal("status: degraded", svg.Element(ns + "title")!.Value);
        Assert.Contains(svg.Descendants(ns + "rect"), r => (string?)r.Attribute("fill") == Sentinel.Api.PublicPages.Badge.Amber);
    });

    [Fact]
    public Task A_monitor_checked_from_one_region_shows_no_regions_and_the_forms_offer_them_only_where_they_apply() => browser.RunAsync(system, async session =>
    {
        await EnsureRegionsAsync();
        var response = await system.Api.PostAsJsonAsync("/api/v1/monitors", new { name = "one-place-" + Guid.NewGuid().ToString("N")[..6], url = "http://127.0.0.1:9/", intervalSeconds = 3600, enabled = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        await using (var db = system.Database.CreateDbContext())
        {
            var monitor = await db.Monitors.FindAsync(Guid.Parse(id));
            monitor!.Regions = [RegionNames.Default];
            monitor.Quorum = 1;
            await db.SaveChangesAsync();
        }

        var page = session.Page;
        await session.LogInAsAdminAsync($"/monitors/{id}");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Latest results" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Regions" })).ToHaveCountAsync(0);
        await Expect(page.Locator("[data-field='quorum']")).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Results of region" })).ToHaveCountAsync(0);

        // A new monitor: every declared region offered, the default set ticked; a heartbeat has none of it.
        await page.GotoAsync("/monitors/new?kind=http");
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "default (default)" })).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Checkbox, new() { Name = "eu", Exact = true })).Not.ToBeCheckedAsync();
        await Expect(page.GetByLabel("Quorum", new() { Exact = true })).ToHaveValueAsync("");
        await Expect(page.GetByLabel("Degraded above (ms)", new() { Exact = true })).ToHaveValueAsync("");
        await page.AssertAccessibleAsync();
        await page.GotoAsync("/monitors/new?kind=heartbeat");
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Regions" })).ToHaveCountAsync(0);
        await Expect(page.GetByLabel("Degraded above (ms)", new() { Exact = true })).ToHaveCountAsync(0);

        await page.GotoAsync("/channels/new");
        await Expect(page.GetByLabel("Also notify when a monitor is degraded", new() { Exact = true })).Not.ToBeCheckedAsync();
    });

    /// <summary>The regions eu and us beside default, declared as the api would (other tests may have made them).</summary>
    private async Task EnsureRegionsAsync()
    {
        await using var db = system.Database.CreateDbContext();
        foreach (var name in Regions.Skip(1))
        {
            if (await db.Regions.FindAsync(name) is null)
            {
                db.Regions.Add(new Region { Name = name, CreatedAt = DateTime.UtcNow });
            }
        }

        await db.SaveChangesAsync();
    }

    /// <summary>
    /// A monitor on [default, eu, us] with quorum 2, its last two due times answered up by default and eu and down by
    /// us, its status row degraded, public on a status page: written as the api and the recorder would have. Created
    /// paused and then due only tomorrow, so no real check of it runs meanwhile (and hourly, so none is overdue).
    /// </summary>
    private async Task<Guid> SeedDegradedMonitorAsync(string name, string publicId, string slug)
    {
        await EnsureRegionsAsync();
        var response = await system.Api.PostAsJsonAsync("/api/v1/monitors", new { name, url = "http://127.0.0.1:9/", intervalSeconds = 3600, enabled = false });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = Guid.Parse((await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id"));

        await using var db = system.Database.CreateDbContext();
        var monitor = (await db.Monitors.FindAsync(id))!;
        // Whole milliseconds, as the scheduler's due times are: a result's check id is computed from its due time as stored.
        var now = DateTime.UnixEpoch.AddMilliseconds(Math.Floor((DateTime.UtcNow - DateTime.UnixEpoch).TotalMilliseconds));
        var regionNumbers = await db.Regions.Where(r => Regions.Contains(r.Name)).ToDictionaryAsync(r => r.Name, r => r.Number);
        monitor.Regions = [.. Regions];
        monitor.Quorum = 2;
        monitor.Enabled = true;
        db.MonitorSchedules.Update(new MonitorSchedule { MonitorId = id, NextCheckAt = now.AddDays(1) });
        monitor.PublicId = publicId;
        Guid last = default;
        foreach (var due in new[] { now.AddMinutes(-2), now.AddMinutes(-1) })
        {
            foreach (var region in Regions)
            {
                var down = region == "us";
                db.CheckResults.Add(new CheckResult
                {
                    MonitorNumber = monitor.Number, RegionNumber = regionNumbers[region], ScheduledAt = due, CheckedAfterMs = 1000,
                    Outcome = StoredOutcome.Of(down ? CheckStatus.Down : CheckStatus.Up, false, down ? null : 200), LatencyMs = down ? 40 : 120,
                    Errors = down ? ["connect to 203.0.113.7:443: connection refused"] : null,
                });
                last = SlotCheckId.For(id, due, region);
            }
        }

        var lastDue = now.AddMinutes(-1);
        db.MonitorStatuses.Add(new MonitorStatus
        {
            MonitorId = id, State = MonitorState.Degraded, AnnouncedState = MonitorState.Degraded, ConsecutiveImpaired = 2, ConsecutiveNotDown = 2,
            LastScheduledAt = lastDue, LastCheckId = last, LastCheckedAt = lastDue.AddSeconds(1),
        });
        db.StatusPages.Add(new StatusPage
        {
            Id = Guid.CreateVersion7(), Slug = slug, Title = "Acme API", CreatedAt = now, UpdatedAt = now,
            Groups = [new StatusPageGroup { Name = "API", Monitors = [new() { MonitorId = id, DisplayName = "Public API" }] }],
        });
        await db.SaveChangesAsync();
        return id;
    }
}
