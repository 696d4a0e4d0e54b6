using System.Net;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>A monitor marked public through its form, and the badge addresses its page then shows.</summary>
public sealed class MonitorBadgePageTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private DashboardSession _editor = null!;

    public async Task InitializeAsync() =>
        _editor = await DashboardSession.LoggedInAsync(factory, "badges-" + Guid.NewGuid().ToString("N")[..8], SentinelRoles.Editor);

    public Task DisposeAsync()
    {
        _editor.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Ticking_public_on_the_monitor_form_shows_its_badge_addresses_and_unticking_takes_them_away()
    {
        var name = "badged-" + Guid.NewGuid().ToString("N")[..6];
        var form = await _editor.PageAsync("/monitors/new?kind=http");
        Assert.Contains("Public (badges)", form);

        var created = await _editor.SubmitAsShownAsync("/monitors/new?kind=http", "monitor", new()
        {
            ["name"] = name, ["url"] = "https://shop.example/health", ["public"] = "true",
        });

        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        await using var db = factory.Database.CreateDbContext();
        var monitor = await db.Monitors.AsNoTracking().SingleAsync(m => m.Name == name);
        Assert.NotNull(monitor.PublicId);
        var page = await _editor.PageAsync($"/monitors/{monitor.Id}");
        Assert.Contains($"/badge/{monitor.PublicId}/status.svg", page);
        Assert.Contains($"/badge/{monitor.PublicId}/uptime.svg", page);
        Assert.Contains("id=\"field-public\" name=\"public\" value=\"true\" checked", await _editor.PageAsync($"/monitors/{monitor.Id}/edit"));

        await _editor.SubmitAsShownAsync($"/monitors/{monitor.Id}/edit", "monitor", new() { ["public"] = null });

        Assert.DoesNotContain("/badge/", await _editor.PageAsync($"/monitors/{monitor.Id}"));
        Assert.Null((await db.Monitors.AsNoTracking().SingleAsync(m => m.Id == monitor.Id)).PublicId);
    }
}
