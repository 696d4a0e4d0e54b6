using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The status page pages: the list, the form with its groups typed one monitor a line, and the delete confirmation.</summary>
public sealed class StatusPagePagesTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly DashboardSeed _seed = new(factory);
    private DashboardSession _editor = null!;

    public async Task InitializeAsync() =>
        _editor = await DashboardSession.LoggedInAsync(factory, "pages-" + Guid.NewGuid().ToString("N")[..8], SentinelRoles.Editor);

    public Task DisposeAsync()
    {
        _editor.Dispose();
        return Task.CompletedTask;
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    [Fact]
    public async Task A_page_created_through_the_form_lists_its_monitors_under_their_public_names()
    {
        var api = await _seed.MonitorAsync(Unique("api-prod"));
        var web = await _seed.MonitorAsync(Unique("web-prod"));
        var slug = Unique("acme");

        var created = await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new()
        {
            ["title"] = "Acme status", ["slug"] = slug, ["groups[0].name"] = "Core", ["groups[0].monitors"] = $"{api.Name} = Public API\n\n{web.Name}",
        });

        Assert.Equal("/status-pages", PathOf(created));
        var stored = await StoredAsync(slug);
        Assert.Equal([(api.Id, "Public API"), (web.Id, web.Name)], stored.Groups.Single().Monitors.Select(m => (m.MonitorId, m.DisplayName)));
        var list = await _editor.PageAsync("/status-pages");
        Assert.Contains($"<a href=\"/status/{slug}\">/status/{slug}</a>", list);
        Assert.Contains($"href=\"/status-pages/{stored.Id}/edit\"", list);
        Assert.Contains($"href=\"/status-pages/{stored.Id}/delete\"", list);

        var edit = WebUtility.HtmlDecode(await _editor.PageAsync($"/status-pages/{stored.Id}/edit"));
        Assert.Contains($"{api.Name} = Public API\n{web.Name} = {web.Name}", edit);
        Assert.Contains("name=\"groups[1].name\" value=\"\"", edit);
    }

    [Fact]
    public async Task A_new_group_is_added_in_the_empty_slot_and_a_group_emptied_is_removed()
    {
        var first = await _seed.MonitorAsync(Unique("first"));
        var second = await _seed.MonitorAsync(Unique("second"));
        var slug = Unique("groups");
        await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new()
        {
            ["title"] = "Groups", ["slug"] = slug, ["groups[0].name"] = "One", ["groups[0].monitors"] = first.Name,
        });
        var id = (await StoredAsync(slug)).Id;

        await _editor.SubmitAsShownAsync($"/status-pages/{id}/edit", "status-page", new() { ["groups[1].name"] = "Two", ["groups[1].monitors"] = $"{second.Id} = Second" });
        Assert.Equal(["One", "Two"], (await StoredAsync(slug)).Groups.Select(g => g.Name));

        await _editor.SubmitAsShownAsync($"/status-pages/{id}/edit", "status-page", new() { ["groups[0].name"] = "", ["groups[0].monitors"] = "" });
        Assert.Equal([(second.Id, "Second")], (await StoredAsync(slug)).Groups.Single().Monitors.Select(m => (m.MonitorId, m.DisplayName)));
    }

    [Fact]
    public async Task A_taken_slug_and_an_unknown_monitor_are_shown_beside_their_fields_and_what_was_typed_is_kept()
    {
        var known = await _seed.MonitorAsync(Unique("known"));
        var slug = Unique("taken");
        await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new() { ["title"] = "First", ["slug"] = slug });

        var response = await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new()
        {
            ["title"] = "Second", ["slug"] = slug, ["groups[0].name"] = "Core", ["groups[0].monitors"] = $"{known.Name} = Known\nno-such-monitor = Ghost",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        Assert.Matches("""<p class="field-error" id="error-slug">Another status page has slug""", html);
        Assert.Matches("""id="field-slug"[^>]*aria-invalid="true"[^>]*aria-describedby="error-slug"|aria-describedby="error-slug"[^>]*""", html);
        const string lineError = "error-groups[0].monitors[1].monitorId";
        Assert.Contains($"<p class=\"field-error\" id=\"{lineError}\">Line 2: no monitor is named 'no-such-monitor'.</p>", html);
        Assert.Matches($"""<textarea id="field-group-0-monitors" name="groups\[0\].monitors"[^>]*aria-invalid="true" aria-describedby="{Regex.Escape(lineError)}">""", html);
        Assert.Contains($"{known.Name} = Known\nno-such-monitor = Ghost", html);
        Assert.Contains("value=\"Second\"", html);
        Assert.Equal("First", (await StoredAsync(slug)).Title);
    }

    [Fact]
    public async Task A_password_page_keeps_its_password_when_the_form_leaves_it_empty()
    {
        var slug = Unique("private");
        var missing = await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new() { ["title"] = "Private", ["slug"] = slug, ["visibility"] = "password" });
        Assert.Contains("<p class=\"field-error\" id=\"error-password\">A page whose visibility is password needs one.</p>", await missing.Content.ReadAsStringAsync());

        await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new()
        {
            ["title"] = "Private", ["slug"] = slug, ["visibility"] = "password", ["password"] = "open sesame",
        });
        var stored = await StoredAsync(slug);
        var edit = await _editor.PageAsync($"/status-pages/{stored.Id}/edit");
        Assert.DoesNotContain(stored.PasswordHash!, edit);
        Assert.Contains("Leave it empty to keep the current one.", edit);

        Assert.Equal("/status-pages", PathOf(await _editor.SubmitAsShownAsync($"/status-pages/{stored.Id}/edit", "status-page", new() { ["title"] = "Renamed" })));
        var renamed = await StoredAsync(slug);
        Assert.Equal("Renamed", renamed.Title);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StatusPage>().VerifyHashedPassword(renamed, renamed.PasswordHash!, "open sesame"));
    }

    [Fact]
    public async Task A_page_is_deleted_after_its_confirmation()
    {
        var slug = Unique("doomed");
        await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new() { ["title"] = "Doomed", ["slug"] = slug });
        var id = (await StoredAsync(slug)).Id;
        Assert.Contains($"/status/{slug}", await _editor.PageAsync($"/status-pages/{id}/delete"));

        var deleted = await _editor.SubmitAsync($"/status-pages/{id}/delete", "delete-status-page", new());

        Assert.Equal("/status-pages", PathOf(deleted));
        await using var db = factory.Database.CreateDbContext();
        Assert.False(await db.StatusPages.AnyAsync(p => p.Id == id));
        await _editor.PageAsync($"/status-pages/{id}/delete", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_sees_the_pages_without_write_buttons_and_gets_403_for_every_write_page()
    {
        var slug = Unique("watched");
        await _editor.SubmitAsShownAsync("/status-pages/new", "status-page", new() { ["title"] = "Watched", ["slug"] = slug });
        var id = (await StoredAsync(slug)).Id;
        using var viewer = await DashboardSession.LoggedInAsync(factory, Unique("viewer"), SentinelRoles.Viewer);

        var list = await viewer.PageAsync("/status-pages");
        Assert.Contains("<td>Watched</td>", list);
        foreach (var write in new[] { "New status page", ">Edit<", ">Delete<" })
        {
            Assert.DoesNotContain(write, list);
        }

        var token = Regex.Match(list, """name="__RequestVerificationToken" value="(?<token>[^"]+)"[\s/>]""").Groups["token"].Value;
        foreach (var (page, form) in new[] { ("/status-pages/new", "status-page"), ($"/status-pages/{id}/edit", "status-page"), ($"/status-pages/{id}/delete", "delete-status-page") })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(page)).StatusCode);
            var posted = await viewer.Http.PostAsync(page, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = form, ["title"] = "taken over", ["slug"] = slug,
            }));
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        }

        Assert.Equal("Watched", (await StoredAsync(slug)).Title);
    }

    private async Task<StatusPage> StoredAsync(string slug)
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.StatusPages.AsNoTracking().SingleAsync(p => p.Slug == slug);
    }

    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");
}
