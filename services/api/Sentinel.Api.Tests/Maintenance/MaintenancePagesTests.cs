using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Maintenance;

/// <summary>The maintenance pages: the list, the form for either kind, the delete confirmation, and what monitors show.</summary>
public sealed class MaintenancePagesTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _api = factory.CreateAuthorizedClient();
    private DashboardSession _editor = null!;

    public async Task InitializeAsync()
    {
        var name = "maint-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, name, SentinelRoles.Editor);
        _editor = new DashboardSession(factory);
        await _editor.LogInAsync(name);
    }

    public Task DisposeAsync()
    {
        _editor.Dispose();
        _api.Dispose();
        return Task.CompletedTask;
    }

    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");

    private async Task<string> MonitorAsync(string name)
    {
        var response = await _api.PostAsJsonAsync("/api/v1/monitors", new { name, url = "https://a.example/" });
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<MaintenanceWindow> StoredAsync(string name)
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.MaintenanceWindows.AsNoTracking().SingleAsync(w => w.Name == name);
    }

    [Fact]
    public async Task A_weekly_window_created_through_the_form_is_listed_with_its_next_occurrence()
    {
        var monitor = await MonitorAsync("billing");

        var created = await _editor.SubmitAsShownAsync("/maintenance/new?kind=recurring", "maintenance", new()
        {
            ["name"] = "weekly patching", ["cron"] = "0 3 * * 0", ["timeZone"] = "Europe/Berlin", ["durationMinutes"] = "90", ["monitorIds"] = monitor,
        });

        Assert.Equal("/maintenance", PathOf(created));
        var stored = await StoredAsync("weekly patching");
        Assert.Equal(("0 3 * * 0", "Europe/Berlin", 90), (stored.Cron, stored.TimeZone, stored.DurationMinutes));
        Assert.Equal([Guid.Parse(monitor)], stored.MonitorIds);
        var list = WebUtility.HtmlDecode(await _editor.PageAsync("/maintenance"));
        Assert.Contains($"data-window-id=\"{stored.Id}\"", list);
        Assert.Contains("<td>billing</td>", list);
        Assert.Contains($"href=\"/maintenance/{stored.Id}/edit\"", list);
        Assert.Contains($"href=\"/maintenance/{stored.Id}/delete\"", list);
    }

    [Fact]
    public async Task A_window_ending_before_it_starts_is_refused_beside_the_end_and_what_was_typed_is_kept()
    {
        var response = await _editor.SubmitAsShownAsync("/maintenance/new?kind=oneOff", "maintenance", new()
        {
            ["name"] = "backwards", ["startsAt"] = "2030-01-01T10:00:00Z", ["endsAt"] = "2030-01-01T09:00:00Z", ["allMonitors"] = "true",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await response.Content.ReadAsStringAsync();
        Assert.Contains("""<p class="field-error" id="error-endsAt">Must be after startsAt.</p>""", page);
        Assert.Contains("""aria-invalid="true" aria-describedby="error-endsAt" """.TrimEnd(), page);
        Assert.Contains("value=\"2030-01-01T09:00:00Z\"", page);
    }

    [Fact]
    public async Task A_window_covering_nothing_is_refused_beside_the_monitors()
    {
        var response = await _editor.SubmitAsShownAsync("/maintenance/new?kind=recurring", "maintenance", new()
        {
            ["name"] = "nothing", ["cron"] = "0 3 * * 0", ["timeZone"] = "UTC", ["durationMinutes"] = "30",
        });

        Assert.Contains("id=\"error-monitorIds\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Editing_keeps_the_kind_and_saving_changes_the_window_then_delete_asks_first()
    {
        var created = await _api.PostAsJsonAsync("/api/v1/maintenance-windows", new { name = "nightly", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, tags = new[] { "batch" } });
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;

        var form = await _editor.PageAsync($"/maintenance/{id}/edit");
        Assert.Contains("value=\"0 2 * * *\"", form);
        Assert.Contains("value=\"batch\"", form);
        var saved = await _editor.SubmitAsShownAsync($"/maintenance/{id}/edit", "maintenance", new() { ["durationMinutes"] = "45" });
        Assert.Equal("/maintenance", PathOf(saved));
        Assert.Equal(45, (await StoredAsync("nightly")).DurationMinutes);

        var confirm = await _editor.PageAsync($"/maintenance/{id}/delete");
        Assert.Contains("Delete nightly?", confirm);
        var deleted = await _editor.SubmitAsShownAsync($"/maintenance/{id}/delete", "delete-maintenance", new());
        Assert.Equal("/maintenance", PathOf(deleted));
        await using var db = factory.Database.CreateDbContext();
        Assert.False(await db.MaintenanceWindows.AnyAsync(w => w.Id == Guid.Parse(id)));
    }

    [Fact]
    public async Task A_monitor_in_a_window_on_now_shows_maintenance_on_the_overview_and_its_page()
    {
        var monitor = await MonitorAsync("under-works");
        await using (var db = factory.Database.CreateDbContext())
        {
            db.MonitorStatuses.Add(new MonitorStatus { MonitorId = Guid.Parse(monitor), State = MonitorState.Down, AnnouncedState = MonitorState.Up });
            await db.SaveChangesAsync();
        }

        var now = DateTime.UtcNow;
        await _api.PostAsJsonAsync("/api/v1/maintenance-windows", new { name = "works", startsAt = now.AddMinutes(-1), endsAt = now.AddHours(1), monitorIds = new[] { monitor } });

        var overview = await _editor.PageAsync("/?name=under-works");
        Assert.Contains($"<tr data-monitor-id=\"{monitor}\" data-status=\"maintenance\">", overview);
        Assert.Matches("""data-count="maintenance">[1-9]""", overview);
        var page = await _editor.PageAsync($"/monitors/{monitor}");
        Assert.Contains("<span class=\"status\" data-field=\"status\">maintenance</span>", page);
        Assert.Contains("<a href=\"/maintenance\"", await _editor.PageAsync("/maintenance"));
    }

    [Fact]
    public async Task A_viewer_sees_the_windows_without_write_buttons_and_gets_403_for_every_write_page()
    {
        var created = await _api.PostAsJsonAsync("/api/v1/maintenance-windows", new { name = "seen", cron = "0 2 * * *", timeZone = "UTC", durationMinutes = 30, allMonitors = true });
        var id = (string)JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!;
        var viewerName = "viewer-" + Guid.NewGuid().ToString("N")[..8];
        await DashboardSession.CreateUserAsync(factory, viewerName, SentinelRoles.Viewer);
        using var viewer = new DashboardSession(factory);
        await viewer.LogInAsync(viewerName);

        var list = await viewer.PageAsync("/maintenance");

        Assert.Contains($"data-window-id=\"{id}\"", list);
        Assert.DoesNotContain("New window", list);
        Assert.DoesNotContain($"/maintenance/{id}/edit", list);
        foreach (var page in new[] { "/maintenance/new", $"/maintenance/{id}/edit", $"/maintenance/{id}/delete" })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(page)).StatusCode);
        }
    }
}
