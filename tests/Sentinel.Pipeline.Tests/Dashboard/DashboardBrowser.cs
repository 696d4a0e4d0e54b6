using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// One headless chromium for the whole pipeline collection, started by the first browser test (the other pipeline
/// tests never pay for it). It is Debian's <c>/usr/bin/chromium</c>, which <c>./sentinel test</c> installs:
/// Playwright's package brings only its node driver, and nothing here downloads a browser.
/// </summary>
public sealed class DashboardBrowser : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    /// <summary>
    /// No sandbox (the tests run as root, where chromium refuses one), no GPU, and nothing that calls out to the
    /// internet on its own. Playwright gives every launch a fresh profile folder (its own --user-data-dir) and
    /// deletes it on close.
    /// </summary>
    private static readonly string[] Arguments =
    [
        "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync",
    ];

    private readonly Lazy<Task<(IPlaywright Playwright, IBrowser Browser)>> _started = new(StartAsync);

    private static async Task<(IPlaywright, IBrowser)> StartAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: install Debian's chromium (./sentinel test does).");
        }

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = Arguments,
        });
        return (playwright, browser);
    }

    /// <summary>
    /// Runs <paramref name="test"/> in a fresh browser context on <paramref name="system"/>'s api: its own cookies,
    /// its own record of problems. The test fails if any page showed one (<see cref="BrowserSession"/> says which),
    /// even when its own assertions held. A failed test leaves a screenshot, the page's HTML and the problems in a
    /// folder named in the failure (under /tmp/sentinel-browser-failures, kept after the run); a passed one writes
    /// the screenshots it took to docs/images.
    /// </summary>
    public async Task RunAsync(RunningSystem system, Func<BrowserSession, Task> test, [CallerMemberName] string testName = "")
    {
        var (_, browser) = await _started.Value;
        await using var session = await BrowserSession.OpenAsync(browser, system.Api.BaseAddress!);
        try
        {
            await test(session);
            session.AssertNoProblems();
        }
        catch (Exception failure)
        {
            var folder = await session.SaveForDebuggingAsync(testName);
            throw new BrowserTestFailedException($"{failure.Message}\nPage, screenshot and browser console saved in {folder}\n{system.Logs()}", failure);
        }

        session.WriteScreenshots();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_started.IsValueCreated && _started.Value.IsCompletedSuccessfully)
        {
            var (playwright, browser) = _started.Value.Result;
            await browser.CloseAsync();
            playwright.Dispose();
        }
    }
}

public sealed class BrowserTestFailedException(string message, Exception inner) : Exception(message, inner);
