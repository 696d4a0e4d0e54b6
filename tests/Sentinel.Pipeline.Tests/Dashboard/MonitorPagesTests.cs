using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sentinel.Api.Auth;
using Sentinel.Testing;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// The monitor pages in a real browser, written to the page contract of issue 13 (the overview, the monitor page, the
/// forms, dashboard.js's live updates).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class MonitorPagesTests(RunningSystem system, DashboardBrowser browser)
{
    [Fact]
    public Task An_admin_creates_a_monitor_in_the_form_sees_it_go_down_live_then_edits_and_deletes_it() => browser.RunAsync(system, async session =>
    {
        await using var target = await TestTarget.StartAsync();
        var name = "shop-" + Guid.NewGuid().ToString("N")[..6];
        var page = session.Page;
        await session.LogInAsAdminAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New monitor", Exact = true })).ToHaveAttributeAsync("href", new Regex("^/monitors/new"));

        await page.GotoAsync("/monitors/new?kind=http");
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("URL", new() { Exact = true }).FillAsync(target.Url);
        await page.GetByLabel("Interval (seconds)", new() { Exact = true }).FillAsync("1");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("monitor-form");

        // "Test now" runs one check against the target and saves nothing.
        var requestsBefore = target.Requests;
        await page.GetByRole(AriaRole.Button, new() { Name = "Test now", Exact = true }).ClickAsync();
        await Expect(page.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync(name);
        Assert.True(target.Requests > requestsBefore, "Test now did not reach the target");
        Assert.Null(await MonitorNamedAsync(name));

        await page.GetByRole(AriaRole.Button, new() { Name = "Create monitor", Exact = true }).ClickAsync();
        var id = (await Eventually.Until(() => MonitorNamedAsync(name), m => m is not null, $"monitor {name} to be created"))!.Value.Str("id");

        await page.GotoAsync("/");
        var row = page.Locator($"tr[data-monitor-id='{id}']");
        await Expect(row).ToHaveAttributeAsync("data-status", "up", new() { Timeout = (float)Eventually.Patience.TotalMilliseconds });
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToHaveAttributeAsync("href", $"/monitors/{id}");
        await Expect(page.Locator("[data-count='up']")).ToHaveTextAsync(new Regex(@"^\s*[1-9][0-9]*\s*$"));
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("overview");

        // Down while the page stays open: the row changes by itself, without a reload (a reload would lose the mark).
        // Once the page says it is live, the server has subscribed it: no transition after this can be missed.
        await Expect(page.Locator("html[data-live='on']")).ToHaveCountAsync(1, new() { Timeout = (float)Eventually.Patience.TotalMilliseconds });
        await page.EvaluateAsync("() => window.sentinelNotReloaded = true");
        target.StatusCode = 500;
        await Expect(page.Locator($"tr[data-monitor-id='{id}'][data-status='down']")).ToHaveCountAsync(1, new() { Timeout = (float)Eventually.Patience.TotalMilliseconds });
        await Expect(row.Locator("[data-field='status']")).ToContainTextAsync("down", new() { IgnoreCase = true });
        Assert.True(await page.EvaluateAsync<bool>("() => window.sentinelNotReloaded === true"), "the overview was reloaded to show the change");

        await row.GetByRole(AriaRole.Link, new() { Name = name, Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, $"/monitors/{id}").ToString());
        await Expect(page.Locator("span[data-field='status']")).ToContainTextAsync("down", new() { IgnoreCase = true });
        await Expect(page.Locator("main")).ToContainTextAsync("unexpected status code 500");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("monitor");

        // A wrong value is refused with the API's message beside the field, and nothing is saved.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, $"/monitors/{id}/edit").ToString());
        var url = page.GetByLabel("URL", new() { Exact = true });
        await url.FillAsync("not a url");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page.Locator("p.field-error#error-url")).ToBeVisibleAsync();
        await Expect(url).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(url).ToHaveAttributeAsync("aria-describedby", "error-url");
        await page.AssertAccessibleAsync();
        Assert.Equal(target.Url, (await GetMonitorAsync(id)).Str("url"));

        await url.FillAsync(target.Url);
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync(name + "-renamed");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Eventually.Until(() => GetMonitorAsync(id), m => m.Str("name") == name + "-renamed", "the rename to be saved");

        await page.GotoAsync($"/monitors/{id}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Delete", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, $"/monitors/{id}/delete").ToString());
        await page.GetByRole(AriaRole.Button, new() { Name = "Delete monitor", Exact = true }).ClickAsync();
        await Eventually.Until(() => system.Api.GetAsync($"/api/v1/monitors/{id}"), r => r.StatusCode == HttpStatusCode.NotFound, "the monitor to be deleted");
        await page.GotoAsync("/");
        await Expect(page.Locator($"tr[data-monitor-id='{id}']")).ToHaveCountAsync(0);
    });

    [Fact]
    public Task A_viewer_sees_no_write_buttons_and_what_it_posts_anyway_is_refused() => browser.RunAsync(system, async session =>
    {
        await using var target = await TestTarget.StartAsync();
        var id = await CreateMonitorAsync(new { name = "viewed-" + Guid.NewGuid().ToString("N")[..6], url = target.Url, intervalSeconds = 60 });
        var viewer = await DashboardUsers.CreateAsync(system.Database, "viewer", SentinelRoles.Viewer);

        // The forms as an admin's page has them, to be posted by the viewer with its own antiforgery token: the
        // refusal must come from the role, not from a missing or foreign token.
        await session.LogInAsAdminAsync();
        var forms = new List<(string Action, Dictionary<string, string> Fields)>
        {
            await FormFieldsAsync(session.Page, $"/monitors/{id}/edit", "Save"),
            await FormFieldsAsync(session.Page, $"/monitors/{id}/delete", "Delete monitor"),
            await FormFieldsAsync(session.Page, $"/monitors/{id}", "Pause"),
            await FormFieldsAsync(session.Page, "/monitors/new?kind=http", "Create monitor"),
        };
        await session.Context.ClearCookiesAsync();

        var page = session.Page;
        await session.LogInAsync(viewer, DashboardUsers.Password);
        await Expect(page.Locator($"tr[data-monitor-id='{id}']")).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "New monitor" })).ToHaveCountAsync(0);
        await page.GotoAsync($"/monitors/{id}");
        await Expect(page.Locator("span[data-field='status']")).ToBeVisibleAsync();
        foreach (var write in new[] { "Edit", "Delete" })
        {
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = write, Exact = true })).ToHaveCountAsync(0);
        }

        foreach (var write in new[] { "Pause", "Resume" })
        {
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = write, Exact = true })).ToHaveCountAsync(0);
        }

        var token = await page.Locator("header input[name='__RequestVerificationToken']").First.GetAttributeAsync("value");
        foreach (var (action, fields) in forms)
        {
            var form = session.Context.APIRequest.CreateFormData();
            foreach (var (field, value) in fields)
            {
                form.Set(field, field == "__RequestVerificationToken" ? token! : value);
            }

            var response = await session.Context.APIRequest.PostAsync(action, new() { Form = form, MaxRedirects = 0 });
            Assert.True(response.Status == 403, $"a viewer's POST to {action} answered {response.Status}");
        }

        var unchanged = await GetMonitorAsync(id);
        Assert.True(unchanged.GetProperty("enabled").GetBoolean());
    });

    [Fact]
    public Task Markup_in_a_monitor_name_and_in_a_target_error_is_shown_as_text_and_never_runs() => browser.RunAsync(system, async session =>
    {
        const string name = "<script>alert(1)</script>";
        await using var target = await TestTarget.StartAsync();
        // The failed condition quotes the body, so the monitor's error echoes this markup.
        target.Body = "<img src=x onerror=alert(2)><script>alert(3)</script>";
        var id = await CreateMonitorAsync(new { name, url = target.Url, intervalSeconds = 60, conditions = new[] { "[BODY] == pat(*healthy*)" } });
        await Eventually.Until(() => GetMonitorAsync(id), m => m.Str("status") == "down", $"monitor {id} to be down");

        var page = session.Page;
        await session.LogInAsAdminAsync();
        var row = page.Locator($"tr[data-monitor-id='{id}']");
        await Expect(row.GetByRole(AriaRole.Link, new() { Name = name, Exact = true })).ToBeVisibleAsync();
        await AssertNoScriptOfOursAsync(page);

        await page.GotoAsync($"/monitors/{id}");
        await Expect(page.Locator("main")).ToContainTextAsync(name);
        await Expect(page.Locator("main")).ToContainTextAsync("<img src=x onerror=alert(2)>");
        Assert.Equal(0, await page.Locator("main img[src='x']").CountAsync());
        await AssertNoScriptOfOursAsync(page);
        // No dialog opened and no CSP violation happened: the session fails the test on either.
    });

    /// <summary>The only scripts on a dashboard page are our own files: no script element with code in it.</summary>
    private static async Task AssertNoScriptOfOursAsync(IPage page) =>
        Assert.Equal(0, await page.Locator("script:not([src])").CountAsync());

    private async Task<string> CreateMonitorAsync(object monitor)
    {
        var response = await system.Api.PostAsJsonAsync("/api/v1/monitors", monitor);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
    }

    private async Task<JsonElement> GetMonitorAsync(string id) => await system.Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}");

    private async Task<JsonElement?> MonitorNamedAsync(string name)
    {
        var page = await system.Api.GetFromJsonAsync<JsonElement>("/api/v1/monitors?name=" + Uri.EscapeDataString(name));
        return page.GetProperty("items").EnumerateArray().Where(m => m.Str("name") == name).Select(m => (JsonElement?)m).FirstOrDefault();
    }

    /// <summary>The action and every field of the form on <paramref name="path"/> that holds the button <paramref name="button"/>.</summary>
    private static async Task<(string Action, Dictionary<string, string> Fields)> FormFieldsAsync(IPage page, string path, string button)
    {
        await page.GotoAsync(path);
        var form = page.Locator("form", new() { Has = page.GetByRole(AriaRole.Button, new() { Name = button, Exact = true }) }).First;
        // getAttribute, not f.action: a form whose buttons are named "action" shadows the property.
        var action = await form.EvaluateAsync<string>("f => new URL(f.getAttribute('action') || location.href, location.href).href");
        var fields = await form.EvaluateAsync<Dictionary<string, string>>("f => Object.fromEntries([...new FormData(f)].filter(([, v]) => typeof v === 'string'))");
        return (action, fields);
    }
}
