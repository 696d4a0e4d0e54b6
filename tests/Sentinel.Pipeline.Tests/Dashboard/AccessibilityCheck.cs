using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>axe-core (bundled in Deque.AxeCore.Playwright, injected into the page; nothing is fetched) on a page.</summary>
public static class AccessibilityCheck
{
    /// <summary>Impacts that fail a test: those that keep someone from using the page, not mere blemishes.</summary>
    private static readonly string[] Failing = ["serious", "critical"];

    /// <summary>Fails when axe finds a serious or critical violation on the page as it is now, listing each.</summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe();
        var violations = result.Violations.Where(v => Failing.Contains(v.Impact)).ToList();
        Assert.True(violations.Count == 0, $"axe found {violations.Count} serious or critical accessibility violations on {page.Url}:\n"
            + string.Join("\n", violations.Select(v =>
                $"- {v.Id} ({v.Impact}): {v.Help} ({v.HelpUrl})\n"
                + string.Join("\n", v.Nodes.Select(n => $"    at {n.Target}: {Why(n)}")))));
    }

    /// <summary>What axe says is wrong with one element (its checks' messages: of "any" one must pass, of "all" and "none" each).</summary>
    private static string Why(Deque.AxeCore.Commons.AxeResultNode node) =>
        string.Join("; ", new[] { node.Any, node.All, node.None }.Where(checks => checks is not null).SelectMany(checks => checks!).Select(c => c.Message).Distinct());
}
