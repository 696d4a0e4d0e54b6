using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// One test's browser: a context of its own (cookies, theme) on the api, with every page it opens watched for the
/// problems a broken page shows: console errors, Content-Security-Policy violations, uncaught script errors, answers
/// of 400 or more and failed loads (a missing stylesheet included), and dialogs (nothing on the dashboard opens one:
/// a dialog means injected script ran).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    /// <summary>The desktop viewport every test and screenshot uses.</summary>
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };

    /// <summary>A phone's viewport (an iPhone 12 to 15's CSS pixels).</summary>
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    public const string ThemeCookie = "sentinel-theme";

    private const string CspReporter = "sentinelCspViolation";

    private readonly ConcurrentQueue<string> _problems = new();
    private readonly List<(string File, byte[] Png)> _screenshots = [];

    private BrowserSession(IBrowserContext context, Uri baseUrl)
    {
        Context = context;
        BaseUrl = baseUrl;
    }

    public IBrowserContext Context { get; }
    public Uri BaseUrl { get; }

    /// <summary>The page the test works in.</summary>
    public IPage Page { get; private set; } = null!;

    /// <summary>What went wrong in the browser so far, in order.</summary>
    public IReadOnlyCollection<string> Problems => _problems;

    internal static async Task<BrowserSession> OpenAsync(IBrowser browser, Uri baseUrl)
    {
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(),
            ViewportSize = Desktop,
            DeviceScaleFactor = 1,
            Locale = "en-GB",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
        });
        var session = new BrowserSession(context, baseUrl);
        // A binding and an init script go in through the DevTools protocol, which the page's CSP does not govern:
        // the listener reports violations even though the page may run no inline script itself.
        await context.ExposeFunctionAsync<string>(CspReporter, violation => session._problems.Enqueue("CSP violation: " + violation));
        await context.AddInitScriptAsync(
            $"document.addEventListener('securitypolicyviolation', e => window.{CspReporter}("
            + "`${e.violatedDirective} blocked ${e.blockedURI || 'inline code'} in ${e.sourceFile || e.documentURI}`));");
        session.Page = await session.NewPageAsync();
        return session;
    }

    /// <summary>Another page in this context (same cookies), watched like the first.</summary>
    public async Task<IPage> NewPageAsync()
    {
        var page = await Context.NewPageAsync();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                _problems.Enqueue($"console error on {page.Url}: {message.Text}");
            }
        };
        // Chromium reports a failed load in its log, which Playwright does not pass on as console messages.
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                _problems.Enqueue($"{response.Status} for {response.Request.Method} {response.Url} (on {page.Url})");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // Cancelled because the page moved on (a form posted before a script finished loading on a slow machine):
            // the browser's choice, not a failed answer.
            if (request.Failure != "net::ERR_ABORTED")
            {
                _problems.Enqueue($"{request.Method} {request.Url} failed: {request.Failure} (on {page.Url})");
            }
        };
        page.PageError += (_, error) => _problems.Enqueue($"uncaught script error on {page.Url}: {error}");
        page.Dialog += async (_, dialog) =>
        {
            _problems.Enqueue($"a {dialog.Type} dialog opened on {page.Url}: {dialog.Message}");
            await dialog.DismissAsync();
        };
        return page;
    }

    /// <summary>
    /// Logs in through the login page as a person would, and waits until it has left it for
    /// <paramref name="returnUrl"/>.
    /// </summary>
    public async Task LogInAsync(string name, string password, string returnUrl = "/")
    {
        await Page.GotoAsync("/login?ReturnUrl=" + Uri.EscapeDataString(returnUrl));
        await Page.GetByLabel("User name", new() { Exact = true }).FillAsync(name);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Log in", Exact = true }).ClickAsync();
        await Assertions.Expect(Page).ToHaveURLAsync(new Regex("^" + Regex.Escape(new Uri(BaseUrl, returnUrl).ToString()) + "$"));
    }

    public Task LogInAsAdminAsync(string returnUrl = "/") => LogInAsync(RunningSystem.AdminName, RunningSystem.AdminPassword, returnUrl);

    /// <summary>True when the page is no wider than the window: nothing to scroll sideways to.</summary>
    public static Task<bool> FitsItsWidthAsync(IPage page) =>
        page.EvaluateAsync<bool>("() => document.scrollingElement.scrollWidth <= window.innerWidth");

    /// <summary>
    /// Photographs the page now open, as the user's session sees it, in light and in dark mode, for
    /// docs/images/<paramref name="name"/>-light.png and -dark.png (or -phone-light.png and -phone-dark.png). The
    /// window only, never the whole length of a list, to keep the files small. Written only once the test passed,
    /// so a broken page never replaces a good picture.
    /// </summary>
    public async Task ScreenshotAsync(string name, bool phone = false)
    {
        var url = Page.Url;
        var chosen = (await Context.CookiesAsync([BaseUrl.ToString()])).FirstOrDefault(c => c.Name == ThemeCookie);
        foreach (var theme in new[] { "light", "dark" })
        {
            await SetThemeAsync(theme);
            var page = await NewPageAsync();
            await page.SetViewportSizeAsync(phone ? Phone.Width : Desktop.Width, phone ? Phone.Height : Desktop.Height);
            await page.EmulateMediaAsync(new() { ColorScheme = theme == "dark" ? ColorScheme.Dark : ColorScheme.Light });
            await page.GotoAsync(url);
            var png = await page.ScreenshotAsync(new() { Type = ScreenshotType.Png, Animations = ScreenshotAnimations.Disabled, Caret = ScreenshotCaret.Hide });
            _screenshots.Add(($"{name}{(phone ? "-phone" : "")}-{theme}.png", png));
            await page.CloseAsync();
        }

        await Context.ClearCookiesAsync(new() { Name = ThemeCookie });
        if (chosen is not null)
        {
            await SetThemeAsync(chosen.Value);
        }
    }

    /// <summary>Chooses light or dark for every page of this session from its next load, as the header's switch does.</summary>
    public Task SetThemeAsync(string theme) =>
        Context.AddCookiesAsync([new Cookie { Name = ThemeCookie, Value = theme, Url = BaseUrl.ToString(), HttpOnly = true, SameSite = SameSiteAttribute.Strict }]);

    public void AssertNoProblems() =>
        Assert.True(_problems.IsEmpty, "The browser reported problems:\n" + string.Join("\n", _problems));

    internal void WriteScreenshots()
    {
        var folder = Path.Combine(TestInfrastructure.RepositoryRoot, "docs", "images");
        Directory.CreateDirectory(folder);
        foreach (var (file, png) in _screenshots)
        {
            File.WriteAllBytes(Path.Combine(folder, file), png);
        }
    }

    /// <summary>Saves what the page looked like, its HTML and the problems seen, in a folder kept after the run.</summary>
    internal async Task<string> SaveForDebuggingAsync(string testName)
    {
        var folder = Path.Combine(Path.GetTempPath(), "sentinel-browser-failures", $"{testName}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        Directory.CreateDirectory(folder);
        await File.WriteAllLinesAsync(Path.Combine(folder, "problems.txt"), _problems);
        try
        {
            await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, "page.png"), FullPage = true });
            await File.WriteAllTextAsync(Path.Combine(folder, "page.html"), $"<!-- {Page.Url} -->\n" + await Page.ContentAsync());
        }
        catch (PlaywrightException e)
        {
            // A crashed or closed page has nothing left to show; say so beside what was saved.
            await File.WriteAllTextAsync(Path.Combine(folder, "page-unavailable.txt"), e.Message);
        }

        return folder;
    }

    public ValueTask DisposeAsync() => new(Context.CloseAsync());
}
