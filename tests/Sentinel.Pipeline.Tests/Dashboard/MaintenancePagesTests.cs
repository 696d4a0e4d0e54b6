using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>The maintenance pages in a real browser: a window created in the form, refused input shown beside its field.</summary>
[Collection(PipelineCollection.Name)]
public sealed class MaintenancePagesTests(RunningSystem system, DashboardBrowser browser)
{
    [Fact]
    public Task An_admin_creates_a_weekly_window_in_the_form_and_a_covered_monitor_shows_maintenance() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var monitor = await system.Api.PostAsJsonAsync("/api/v1/monitors", new { name = "billing-db-" + suffix, url = "https://127.0.0.1:1/", intervalSeconds = 3600 });
        var monitorId = (await monitor.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        var now = DateTime.UtcNow;
        var onNow = await system.Api.PostAsJsonAsync("/api/v1/maintenance-windows", new
        {
            name = "Storage migration " + suffix, startsAt = now.AddMinutes(-10), endsAt = now.AddHours(2), monitorIds = new[] { monitorId },
        });
        Assert.Equal(HttpStatusCode.Created, onNow.StatusCode);
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/maintenance");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Maintenance", Exact = true })).ToHaveAttributeAsync("href", "/maintenance");

        await page.GetByRole(AriaRole.Link, new() { Name = "New window", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Recurring", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("Weekly patching " + suffix);
        await page.GetByLabel("Cron expression", new() { Exact = true }).FillAsync("0 3 * * 0");
        await page.GetByLabel("Time zone", new() { Exact = true }).FillAsync("Europe/Atlantis");
        await page.GetByLabel("Duration (minutes)", new() { Exact = true }).FillAsync("90");
        await page.GetByLabel("billing-db-" + suffix, new() { Exact = true }).CheckAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create window", Exact = true }).ClickAsync();

        // Refused: the error is beside the time zone, and what was typed is still there.
        var zone = page.GetByLabel("Time zone", new() { Exact = true });
        await Expect(zone).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#error-timeZone")).ToContainTextAsync("not a known IANA time zone");
        await Expect(page.GetByLabel("Cron expression", new() { Exact = true })).ToHaveValueAsync("0 3 * * 0");
        await Expect(page.GetByLabel("billing-db-" + suffix, new() { Exact = true })).ToBeCheckedAsync();
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            await page.AssertAccessibleAsync();
        }

        await session.ScreenshotAsync("maintenance-form");

        await zone.FillAsync("Europe/Berlin");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create window", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/maintenance$"));
        var weekly = page.Locator("tr", new() { HasText = "Weekly patching " + suffix });
        await Expect(weekly).ToContainTextAsync("0 3 * * 0");
        await Expect(weekly).ToContainTextAsync("billing-db-" + suffix);
        var active = page.Locator("tr", new() { HasText = "Storage migration " + suffix });
        await Expect(active).ToHaveAttributeAsync("data-status", "maintenance");
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            await page.AssertAccessibleAsync();
        }

        await session.ScreenshotAsync("maintenance");

        // The monitor it covers now shows maintenance on the overview, and its filter finds it.
        await page.GotoAsync("/?status=maintenance&name=" + suffix);
        await Expect(page.Locator($"tr[data-monitor-id='{monitorId}']")).ToHaveAttributeAsync("data-status", "maintenance");
        await Expect(page.Locator($"tr[data-monitor-id='{monitorId}'] [data-field='status']")).ToHaveTextAsync("maintenance");

        await page.GotoAsync("/maintenance");
        await active.GetByRole(AriaRole.Link, new() { Name = "Delete Storage migration " + suffix, Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete window", Exact = true }).ClickAsync();
        await Expect(page.Locator("tr", new() { HasText = "Storage migration " + suffix })).ToHaveCountAsync(0);
        await system.Api.DeleteAsync($"/api/v1/monitors/{monitorId}");
    });
}
