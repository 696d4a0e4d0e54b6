using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sentinel.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// Issue 17's screens in a real browser: escalation policies, acknowledging an outage, a held alert's reason, and the
/// forms of the paging and chat channels.
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class EscalationAndNoisePagesTests(RunningSystem system, DashboardBrowser browser)
{
    [Fact]
    public Task An_admin_builds_an_escalation_policy_in_the_form_fixing_a_step_due_too_early_on_the_way() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var pager = await CreateAsync("/api/v1/channels", new { name = "pager-" + suffix, type = "webhook", config = new { url = "https://hooks.example/pager" } });
        var lead = await CreateAsync("/api/v1/channels", new { name = "team-lead-" + suffix, type = "webhook", config = new { url = "https://hooks.example/lead" } });
        var name = "Payments on call " + suffix;
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/escalation-policies");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Escalation", Exact = true })).ToHaveAttributeAsync("href", "/escalation-policies");

        await page.GetByRole(AriaRole.Link, new() { Name = "New policy", Exact = true }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Tags", new() { Exact = true }).FillAsync("team:payments");
        var first = page.GetByRole(AriaRole.Group, new() { Name = "Step 1", Exact = true });
        await first.GetByLabel("After (minutes)", new() { Exact = true }).FillAsync("10");
        await first.GetByLabel("pager-" + suffix).CheckAsync();
        var second = page.GetByRole(AriaRole.Group, new() { Name = "Step 2", Exact = true });
        await second.GetByLabel("After (minutes)", new() { Exact = true }).FillAsync("5");
        await second.GetByLabel("team-lead-" + suffix).CheckAsync();
        await page.AssertAccessibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Create policy", Exact = true }).ClickAsync();

        // Refused: the error is beside the second step's delay, and what was typed is still there.
        var secondDelay = second.GetByLabel("After (minutes)", new() { Exact = true });
        await Expect(secondDelay).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("[id='error-steps[1].delayMinutes']")).ToContainTextAsync("Must be later than step 1's 10 minutes");
        await Expect(secondDelay).ToHaveAttributeAsync("aria-describedby", "error-steps[1].delayMinutes");
        await Expect(second.GetByLabel("team-lead-" + suffix)).ToBeCheckedAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        await AssertAccessibleInBothThemesAsync(page);

        await secondDelay.FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create policy", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/escalation-policies$"));
        var row = page.Locator("tr", new() { HasText = name });
        await Expect(row).ToContainTextAsync("After 10 minutes: pager-" + suffix);
        await Expect(row).ToContainTextAsync("After 30 minutes: team-lead-" + suffix);
        await Expect(row).ToContainTextAsync("team:payments");
        await AssertAccessibleInBothThemesAsync(page);
        await session.ScreenshotAsync("escalation-policies");

        // The edit form shows the steps as saved, with empty rows to add more.
        await row.GetByRole(AriaRole.Link, new() { Name = "Edit " + name, Exact = true }).ClickAsync();
        await Expect(second.GetByLabel("After (minutes)", new() { Exact = true })).ToHaveValueAsync("30");
        await Expect(second.GetByLabel("team-lead-" + suffix)).ToBeCheckedAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Step 5", Exact = true }).GetByLabel("After (minutes)", new() { Exact = true })).ToHaveValueAsync("");
        await AssertAccessibleInBothThemesAsync(page);
        await session.ScreenshotAsync("escalation-policy-form");

        await page.GotoAsync("/escalation-policies");
        await row.GetByRole(AriaRole.Link, new() { Name = "Delete " + name, Exact = true }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync($"Delete {name}?");
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete policy", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/escalation-policies$"));
        await Expect(page.Locator("tr", new() { HasText = name })).ToHaveCountAsync(0);
        foreach (var channel in new[] { pager, lead })
        {
            await system.Api.DeleteAsync($"/api/v1/channels/{channel}");
        }
    });

    [Fact]
    public Task A_child_behind_a_down_parent_shows_its_held_alert_and_the_parent_is_acknowledged_from_its_page() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var target = await TestTarget.StartAsync();
        var channel = await CreateAsync("/api/v1/channels", new { name = "app-team-" + suffix, type = "webhook", config = new { url = receiver.UrlFor("app") } });
        var parentName = "database-" + suffix;
        var parent = await CreateAsync("/api/v1/monitors", new { name = parentName, url = target.Url + "db", intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { channel } });
        var child = await CreateAsync("/api/v1/monitors", new
        {
            name = "shop-" + suffix, url = target.Url + "shop", intervalSeconds = 1, timeoutSeconds = 1, channelIds = new[] { channel }, dependsOn = new[] { parent },
        });
        foreach (var id in new[] { parent, child })
        {
            await StatusBecomesAsync(id, "up");
        }

        target.StatusCode = 503;
        var reason = $"held: parent {parentName} down";
        await Eventually.Until(
            () => system.Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{child}/alerts"),
            a => a.GetProperty("items").EnumerateArray().Any(n => n.Str("state") == "held" && n.Str("reason") == reason),
            $"the child's DOWN held behind its parent\n{system.Logs()}");

        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: $"/monitors/{child}");
        var alerts = page.Locator("table.alerts tr", new() { HasText = "app-team-" + suffix });
        await Expect(alerts).ToContainTextAsync(reason);
        await Expect(page.Locator("[data-field='depends-on']")).ToContainTextAsync(parentName);
        await page.AssertAccessibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = parentName, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, $"/monitors/{parent}").ToString());
        await Expect(page.Locator("span[data-field='status']")).ToContainTextAsync("down", new() { IgnoreCase = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true }).ClickAsync();
        await Expect(page.Locator("[data-field='acknowledged']")).ToContainTextAsync($"Acknowledged by {RunningSystem.AdminName}");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Acknowledge", Exact = true })).ToHaveCountAsync(0);
        await page.AssertAccessibleAsync();
        var acknowledged = (await system.Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{parent}")).GetProperty("acknowledged");
        Assert.Equal((RunningSystem.AdminName, "dashboard"), (acknowledged.Str("by"), acknowledged.Str("via")));

        foreach (var id in new[] { child, parent })
        {
            await system.Api.DeleteAsync($"/api/v1/monitors/{id}");
        }

        await system.Api.DeleteAsync($"/api/v1/channels/{channel}");
    });

    [Fact]
    public Task The_pagerduty_and_telegram_forms_show_their_fields_save_and_show_the_secret_masked_afterwards() => browser.RunAsync(system, async session =>
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        const string routingKey = "abcdefghijklmnopqrstuvwxyz012345";
        const string botToken = "123456789:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw";
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/channels/new?type=pagerduty");

        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "PagerDuty", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("pd-" + suffix);
        await page.GetByLabel("Integration key", new() { Exact = true }).FillAsync(routingKey);
        await page.GetByLabel("Severity", new() { Exact = true }).SelectOptionAsync("error");
        await Expect(page.GetByLabel("Events URL", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleInBothThemesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create channel", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        await Expect(page.Locator("tr", new() { HasText = "pd-" + suffix })).ToContainTextAsync("PagerDuty integration …2345");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(routingKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit pd-" + suffix, Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Integration key", new() { Exact = true })).ToHaveValueAsync("…2345");
        await Expect(page.GetByLabel("Severity", new() { Exact = true })).ToHaveValueAsync("error");

        await page.GotoAsync("/channels/new?type=telegram");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("tg-" + suffix);
        await page.GetByLabel("Bot token", new() { Exact = true }).FillAsync(botToken);
        await page.GetByLabel("Chat id", new() { Exact = true }).FillAsync("-1001234567890");
        await page.GetByLabel("Topic id", new() { Exact = true }).FillAsync("7");
        await Expect(page.GetByLabel("Bot API URL", new() { Exact = true })).ToBeVisibleAsync();
        await AssertAccessibleInBothThemesAsync(page);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create channel", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("/channels$"));
        await Expect(page.Locator("tr", new() { HasText = "tg-" + suffix })).ToContainTextAsync("chat -1001234567890, topic 7");
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit tg-" + suffix, Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Bot token", new() { Exact = true })).ToHaveValueAsync("…Dsaw");
        await Expect(page.GetByLabel("Topic id", new() { Exact = true })).ToHaveValueAsync("7");
        await Expect(page.Locator("main")).Not.ToContainTextAsync(botToken);

        var channels = await system.Api.GetFromJsonAsync<JsonElement>("/api/v1/channels");
        foreach (var created in channels.GetProperty("items").EnumerateArray().Where(c => c.Str("name").EndsWith(suffix, StringComparison.Ordinal)))
        {
            await system.Api.DeleteAsync($"/api/v1/channels/{created.Str("id")}");
        }
    });

    private static async Task AssertAccessibleInBothThemesAsync(IPage page)
    {
        foreach (var theme in new[] { ColorScheme.Light, ColorScheme.Dark })
        {
            await page.EmulateMediaAsync(new() { ColorScheme = theme });
            await page.AssertAccessibleAsync();
        }
    }

    private async Task<string> CreateAsync(string route, object resource)
    {
        var response = await system.Api.PostAsJsonAsync(route, resource);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {route}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => system.Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor {id} to be {status}\n{system.Logs()}");
}
