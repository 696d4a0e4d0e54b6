using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sentinel.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>Managing status pages and incidents in a real browser: the forms, their errors, the timeline.</summary>
[Collection(PipelineCollection.Name)]
public sealed class StatusPageAndIncidentPagesTests(RunningSystem system, DashboardBrowser browser)
{
    private async Task<string> HeartbeatMonitorAsync(string name)
    {
        var response = await system.Api.PostAsJsonAsync("/api/v1/monitors", new { name, type = "heartbeat", intervalSeconds = 3600 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    [Fact]
    public Task An_editor_builds_a_status_page_from_typed_groups_fixing_a_mistyped_monitor_on_the_way() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var (api, web) = ($"api-prod-{suffix}", $"web-prod-{suffix}");
        await HeartbeatMonitorAsync(api);
        await HeartbeatMonitorAsync(web);
        var slug = $"acme-{suffix}";
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/status-pages");
        await page.GetByRole(AriaRole.Link, new() { Name = "New status page", Exact = true }).ClickAsync();

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync("Acme status");
        await page.GetByLabel("Slug", new() { Exact = true }).FillAsync(slug);
        await page.GetByLabel("Description", new() { Exact = true }).FillAsync("How Acme's services are doing.");
        await page.GetByLabel("Group 1 name", new() { Exact = true }).FillAsync("Core services");
        var monitors = page.GetByLabel("Group 1 monitors", new() { Exact = true });
        await monitors.FillAsync($"{api} = Public API\nweb-prdo-{suffix} = Website");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create status page", Exact = true }).ClickAsync();

        // The mistyped line is named beside its group, and what was typed is kept to be fixed.
        var lineError = page.Locator("p.field-error").Filter(new() { HasText = "Line 2: no monitor is named" });
        await Expect(lineError).ToBeVisibleAsync();
        await Expect(monitors).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(monitors).ToHaveAttributeAsync("aria-describedby", "error-groups[0].monitors[1].monitorId");
        await page.AssertAccessibleAsync();
        await monitors.FillAsync($"{api} = Public API\n{web} = Website");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create status page", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, "/status-pages").ToString());
        var row = page.Locator("tr").Filter(new() { HasText = "Acme status" }).Filter(new() { HasText = slug });
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = $"/status/{slug}", Exact = true })).ToBeVisibleAsync();
        await page.AssertAccessibleAsync();

        await row.GetByRole(AriaRole.Link, new() { Name = "Edit Acme status", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Group 1 monitors", new() { Exact = true })).ToHaveValueAsync($"{api} = Public API\n{web} = Website");
        await Expect(page.GetByLabel("Group 2 name", new() { Exact = true })).ToHaveValueAsync("");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("status-page-form");
    });

    [Fact]
    public Task An_editor_opens_an_incident_posts_updates_until_it_is_resolved() => browser.RunAsync(system, async session =>
    {
        var monitor = $"checkout-{Guid.NewGuid().ToString("N")[..6]}";
        await HeartbeatMonitorAsync(monitor);
        var title = $"Checkout is slow ({monitor})";
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/incidents");
        await page.GetByRole(AriaRole.Link, new() { Name = "New incident", Exact = true }).ClickAsync();

        await page.GetByLabel("Title", new() { Exact = true }).FillAsync(title);
        await page.GetByLabel("Impact", new() { Exact = true }).SelectOptionAsync("major");
        await page.GetByLabel(monitor, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Payments take up to a minute; we are looking into it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create incident", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/incidents/[0-9a-f-]{36}$"));
        await Expect(page.Locator("[data-field='incident-status']")).ToHaveTextAsync("investigating");

        // An empty message is refused on the update page, beside its field.
        await page.GetByRole(AriaRole.Button, new() { Name = "Post update", Exact = true }).ClickAsync();
        var message = page.GetByLabel("Message", new() { Exact = true });
        await Expect(page.Locator("p.field-error#error-message")).ToBeVisibleAsync();
        await Expect(message).ToHaveAttributeAsync("aria-invalid", "true");
        await page.AssertAccessibleAsync();

        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("identified");
        await message.FillAsync("A slow database replica; traffic is moved off it.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post update", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-field='incident-status']")).ToHaveTextAsync("identified");
        await page.GetByLabel("Status", new() { Exact = true }).SelectOptionAsync("resolved");
        await page.GetByLabel("Message", new() { Exact = true }).FillAsync("Payments are fast again.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Post update", Exact = true }).ClickAsync();

        await Expect(page.Locator("[data-field='incident-status']")).ToHaveTextAsync("resolved");
        await Expect(page.Locator("ol.timeline > li")).ToHaveCountAsync(3);
        await Expect(page.Locator("ol.timeline > li").First).ToContainTextAsync("Payments are fast again.");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("incident");

        await page.GotoAsync("/incidents");
        var resolved = page.Locator("tr[data-incident-status='resolved']").Filter(new() { HasText = title });
        await Expect(resolved).ToHaveCountAsync(1);
        await page.AssertAccessibleAsync();
    });
}
