using System.Net;
using System.Net.Http.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>The pages around the monitors, as an admin sees them: channels, API keys, users, account.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AdminPagesTests(RunningSystem system, DashboardBrowser browser)
{
    [Fact]
    public Task Channels_keys_users_and_account_pages_have_no_serious_accessibility_problem_in_either_theme() => browser.RunAsync(system, async session =>
    {
        var channel = await system.Api.PostAsJsonAsync("/api/v1/channels", new
        {
            name = "ops-" + Guid.NewGuid().ToString("N")[..6], type = "slack",
            config = new { webhookUrl = "https://hooks.slack.com/services/T000/B000/secretpart" },
        });
        Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/channels");

        // The list shows the channel, with its webhook's secret part masked.
        await Expect(page.Locator("main")).ToContainTextAsync("ops-");
        await Expect(page.Locator("main")).Not.ToContainTextAsync("secretpart");
        foreach (var path in new[] { "/channels", "/channels/new", "/keys", "/users", "/account" })
        {
            await page.GotoAsync(path);
            await Expect(page.Locator("h1")).ToBeVisibleAsync();
            foreach (var theme in new[] { "light", "dark" })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
                await page.AssertAccessibleAsync();
            }
        }

        await page.GotoAsync("/channels");
        await session.ScreenshotAsync("channels");
        await page.GotoAsync("/users");
        await session.ScreenshotAsync("users");
    });

    [Fact]
    public Task The_overview_and_a_monitor_form_fit_a_phone_screen_without_sideways_scrolling() => browser.RunAsync(system, async session =>
    {
        var page = session.Page;
        await page.SetViewportSizeAsync(BrowserSession.Phone.Width, BrowserSession.Phone.Height);
        await session.LogInAsAdminAsync();

        foreach (var path in new[] { "/", "/monitors/new?kind=http", "/channels", "/escalation-policies/new" })
        {
            await page.GotoAsync(path);
            Assert.True(await BrowserSession.FitsItsWidthAsync(page), $"{path} is wider than a phone");
        }

        await page.GotoAsync("/");
        await session.ScreenshotAsync("overview", phone: true);
    });
}
