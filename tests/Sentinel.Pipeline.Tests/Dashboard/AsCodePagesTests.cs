using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>Monitors as code seen from the dashboard: what an apply manages says so, and a hand edit there is put back by the next apply.</summary>
[Collection(PipelineCollection.Name)]
public sealed class AsCodePagesTests(RunningSystem system, DashboardBrowser browser)
{
    private async Task<JsonObject> ApplyAsync(string source, string yaml, bool dryRun = false)
    {
        var response = await system.Api.PostAsJsonAsync("/api/v1/apply", new { source, dryRun, files = new[] { new { name = "monitors/shop.yaml", content = yaml } } });
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        return JsonNode.Parse(text)!.AsObject();
    }

    [Fact]
    public Task A_monitor_applied_as_code_says_so_and_the_next_apply_puts_back_a_hand_edit() => browser.RunAsync(system, async session =>
    {
        var name = "Shop checkout " + Guid.NewGuid().ToString("N")[..6];
        var yaml = $"monitors:\n  - name: {name}\n    url: https://checkout.shop.example/health\n    intervalSeconds: 300\n    tags: [shop]\n";
        var created = await ApplyAsync("git:ops/monitors", yaml);
        var id = (string)created["changes"]![0]!["id"]!;
        var page = session.Page;
        await session.LogInAsAdminAsync(returnUrl: $"/monitors/{id}");

        var hint = page.Locator("[data-field=source]");
        await Expect(hint).ToHaveTextAsync("Managed as code by git:ops/monitors: its next apply puts back what its files say, so change it there.");
        await page.AssertAccessibleAsync();
        await session.ScreenshotAsync("monitor-managed-as-code");

        // The edit form says it too; an editor may still change it (an emergency), and the plan then shows what goes back.
        await page.GetByRole(AriaRole.Link, new() { Name = "Edit", Exact = true }).ClickAsync();
        await Expect(hint).ToContainTextAsync("git:ops/monitors");
        await page.GetByLabel("Interval (seconds)", new() { Exact = true }).FillAsync("30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex($"/monitors/{id}$"));

        var plan = await ApplyAsync("git:ops/monitors", yaml, dryRun: true);
        var change = plan["changes"]![0]!;
        Assert.Equal("update", (string)change["action"]!);
        Assert.Equal("""[{"field":"intervalSeconds","from":30,"to":300,"secret":false}]""", change["fields"]!.ToJsonString());

        await ApplyAsync("git:ops/monitors", yaml);
        await page.ReloadAsync();
        await Expect(page.Locator("dt:text-is('Checked every') + dd")).ToHaveTextAsync("5 min 0 s");
        await system.Api.DeleteAsync($"/api/v1/monitors/{id}");
    });
}
