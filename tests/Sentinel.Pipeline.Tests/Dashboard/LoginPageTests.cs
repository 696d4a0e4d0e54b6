using Microsoft.Playwright;
using Sentinel.Api.Auth;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// The login page and the page shell in a real browser (Debian's chromium) against the running system. Every test
/// also fails on a console error, a CSP violation or a dialog on any page it opened (<see cref="DashboardBrowser"/>).
/// </summary>
[Collection(PipelineCollection.Name)]
public sealed class LoginPageTests(RunningSystem system, DashboardBrowser browser)
{
    [Fact]
    public Task The_admin_logs_in_sees_their_name_and_log_out_in_the_header_and_logs_out() => browser.RunAsync(system, async session =>
    {
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: "/account");

        var header = page.Locator("header");
        await Expect(header).ToContainTextAsync(RunningSystem.AdminName);
        await Expect(header.GetByRole(AriaRole.Link, new() { Name = "Users", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Account" })).ToBeVisibleAsync();

        await header.GetByRole(AriaRole.Button, new() { Name = "Log out", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Uri(session.BaseUrl, "/login").ToString());
        await Expect(header.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
        // The session is gone, not just the button: a page that needs one asks to log in again.
        await page.GotoAsync("/account");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true })).ToBeVisibleAsync();
    });

    [Fact]
    public Task Five_wrong_passwords_lock_the_account_even_against_the_right_one() => browser.RunAsync(system, async session =>
    {
        var name = await DashboardUsers.CreateAsync(system.Database, "guessed", SentinelRoles.Editor);
        var page = session.Page;
        await page.GotoAsync("/login");

        for (var attempt = 1; attempt <= DashboardAuthentication.MaxFailedLogins; attempt++)
        {
            await page.GetByLabel("User name", new() { Exact = true }).FillAsync(name);
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync($"wrong guess number {attempt}");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync(
                attempt < DashboardAuthentication.MaxFailedLogins ? "Wrong user name or password." : "locked");
        }

        await page.GetByLabel("User name", new() { Exact = true }).FillAsync(name);
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(DashboardUsers.Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("locked");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log out" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task The_theme_switch_turns_the_page_dark_and_back_and_the_choice_stays() => browser.RunAsync(system, async session =>
    {
        var page = session.Page;
        var html = page.Locator("html");
        await page.GotoAsync("/login");

        await page.GetByRole(AriaRole.Button, new() { Name = "Dark mode", Exact = true }).ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        await page.ReloadAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "dark");
        // Dark means a dark page, not just an attribute: the background's red, green and blue are all low.
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.True(Brightness(background) < 100, $"the body's background in dark mode is {background}");

        await page.GetByRole(AriaRole.Button, new() { Name = "Light mode", Exact = true }).ClickAsync();
        await Expect(html).ToHaveAttributeAsync("data-theme", "light");
        background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        Assert.True(Brightness(background) > 155, $"the body's background in light mode is {background}");

        await session.ScreenshotAsync("login");
    });

    [Fact]
    public Task The_login_page_and_the_page_shell_have_no_serious_accessibility_violations_in_either_theme() => browser.RunAsync(system, async session =>
    {
        var page = session.Page;
        foreach (var theme in new[] { "light", "dark" })
        {
            await session.SetThemeAsync(theme);
            await page.GotoAsync("/login");
            await page.AssertAccessibleAsync();
            // A failed login's message too: it is announced as an alert, and must be readable in both themes.
            await page.GetByLabel("User name", new() { Exact = true }).FillAsync("nobody-by-this-name");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not a password of anyone");
            await page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Wrong user name or password.");
            await page.AssertAccessibleAsync();
        }

        await session.LogInAsAdminAsync(returnUrl: "/account");
        await page.AssertAccessibleAsync();
    });

    [Fact]
    public Task The_login_page_and_the_header_fit_a_phone_screen_without_sideways_scrolling() => browser.RunAsync(system, async session =>
    {
        var page = session.Page;
        await page.SetViewportSizeAsync(BrowserSession.Phone.Width, BrowserSession.Phone.Height);

        await page.GotoAsync("/login");
        Assert.True(await BrowserSession.FitsItsWidthAsync(page), "the login page is wider than a phone");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true })).ToBeInViewportAsync();
        await session.ScreenshotAsync("login", phone: true);

        // Logged in, the header holds the whole navigation, the user's name and the switches.
        await session.LogInAsAdminAsync(returnUrl: "/account");
        Assert.True(await BrowserSession.FitsItsWidthAsync(page), "the header of a logged-in page is wider than a phone");
    });

    /// <summary>The mean of red, green and blue in a computed colour such as <c>rgb(17, 24, 39)</c>.</summary>
    private static double Brightness(string rgb) =>
        rgb[(rgb.IndexOf('(') + 1)..rgb.IndexOf(')')].Split(',').Take(3).Average(c => double.Parse(c, System.Globalization.CultureInfo.InvariantCulture));
}
