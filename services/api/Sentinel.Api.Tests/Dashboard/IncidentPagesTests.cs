using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The incident pages: the list (open on top), the form, an incident with its timeline and update form, and the delete confirmation.</summary>
public sealed class IncidentPagesTests(ApiFactory factory) : IClassFixture<ApiFactory>, IAsyncLifetime
{
    private readonly DashboardSeed _seed = new(factory);
    private DashboardSession _editor = null!;

    public async Task InitializeAsync() =>
        _editor = await DashboardSession.LoggedInAsync(factory, "incidents-" + Guid.NewGuid().ToString("N")[..8], SentinelRoles.Editor);

    public Task DisposeAsync()
    {
        _editor.Dispose();
        return Task.CompletedTask;
    }

    private static string Unique(string name) => $"{name}-{Guid.NewGuid().ToString("N")[..6]}";

    private async Task<Incident> OpenThroughTheFormAsync(string title, MonitorDefinition monitor, string status = "investigating")
    {
        var created = await _editor.SubmitAsShownAsync("/incidents/new", "incident", new()
        {
            ["title"] = title, ["impact"] = "major", ["monitorIds"] = monitor.Id.ToString(), ["status"] = status, ["message"] = "Looking into it.",
        });
        var incident = await StoredAsync(title);
        Assert.Equal($"/incidents/{incident.Id}", PathOf(created));
        return incident;
    }

    [Fact]
    public async Task An_incident_opened_through_the_form_shows_its_first_update_and_monitors()
    {
        var monitor = await _seed.MonitorAsync(Unique("checkout"));

        var incident = await OpenThroughTheFormAsync(Unique("Checkout is slow"), monitor);

        Assert.Equal((IncidentImpact.Major, IncidentStatus.Investigating), (incident.Impact, incident.Status));
        Assert.Equal([monitor.Id], incident.MonitorIds);
        var page = await _editor.PageAsync($"/incidents/{incident.Id}");
        Assert.Contains($"<a href=\"/monitors/{monitor.Id}\">{monitor.Name}</a>", page);
        Assert.Matches("""<li data-update-status="investigating">.*?Looking into it\.""", Regex.Replace(page, @"\s+", " "));
    }

    [Fact]
    public async Task Posting_a_resolving_update_moves_the_incident_below_the_open_ones()
    {
        var monitor = await _seed.MonitorAsync(Unique("db"));
        var open = await OpenThroughTheFormAsync(Unique("Still open"), monitor);
        var fixing = await OpenThroughTheFormAsync(Unique("Being fixed"), monitor);

        var posted = await _editor.SubmitAsync($"/incidents/{fixing.Id}", "incident-update", new() { ["status"] = "resolved", ["message"] = "Fixed." });

        Assert.Equal($"/incidents/{fixing.Id}", PathOf(posted));
        Assert.Equal(IncidentStatus.Resolved, (await StoredAsync(fixing.Title)).Status);
        var page = await _editor.PageAsync($"/incidents/{fixing.Id}");
        Assert.True(page.IndexOf("Fixed.", StringComparison.Ordinal) < page.IndexOf("Looking into it.", StringComparison.Ordinal), "newest update first");
        var list = await _editor.PageAsync("/incidents");
        var resolvedHeading = list.IndexOf("<h2>Resolved</h2>", StringComparison.Ordinal);
        Assert.InRange(list.IndexOf(open.Title, StringComparison.Ordinal), 0, resolvedHeading);
        Assert.True(list.IndexOf(fixing.Title, StringComparison.Ordinal) > resolvedHeading, "a resolved incident is listed under Resolved");
    }

    [Fact]
    public async Task An_empty_message_and_no_monitors_are_shown_beside_their_fields()
    {
        var response = await _editor.SubmitAsShownAsync("/incidents/new", "incident", new() { ["title"] = "No details", ["message"] = "" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<p class=\"field-error\" id=\"error-message\">", html);
        Assert.Matches("""<textarea id="field-message"[^>]*aria-invalid="true" aria-describedby="error-message">""", html);
        Assert.Contains("<p class=\"field-error\" id=\"error-monitorIds\">", html);
        Assert.Contains("value=\"No details\"", html);

        var monitor = await _seed.MonitorAsync(Unique("web"));
        var incident = await OpenThroughTheFormAsync(Unique("Update check"), monitor);
        var update = await _editor.SubmitAsync($"/incidents/{incident.Id}", "incident-update", new() { ["status"] = "identified", ["message"] = " " });
        var refused = await update.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, update.StatusCode);
        Assert.Contains("<p class=\"field-error\" id=\"error-message\">", refused);
        Assert.Contains("<option value=\"identified\" selected", refused);
        Assert.Equal(IncidentStatus.Investigating, (await StoredAsync(incident.Title)).Status);
    }

    [Fact]
    public async Task Editing_changes_title_impact_and_monitors_and_keeps_the_timeline()
    {
        var first = await _seed.MonitorAsync(Unique("first"));
        var second = await _seed.MonitorAsync(Unique("second"));
        var incident = await OpenThroughTheFormAsync(Unique("Before"), first);
        var title = Unique("After");

        var saved = await _editor.SubmitAsShownAsync($"/incidents/{incident.Id}/edit", "incident", new()
        {
            ["title"] = title, ["impact"] = "critical", ["monitorIds"] = second.Id.ToString(),
        });

        Assert.Equal($"/incidents/{incident.Id}", PathOf(saved));
        await using var db = factory.Database.CreateDbContext();
        var stored = await db.Incidents.Include(i => i.Updates).SingleAsync(i => i.Id == incident.Id);
        Assert.Equal((title, IncidentImpact.Critical, 1), (stored.Title, stored.Impact, stored.Updates.Count));
        Assert.Equal([second.Id], stored.MonitorIds);
    }

    [Fact]
    public async Task An_incident_is_deleted_after_its_confirmation()
    {
        var incident = await OpenThroughTheFormAsync(Unique("Doomed"), await _seed.MonitorAsync(Unique("m")));

        var deleted = await _editor.SubmitAsync($"/incidents/{incident.Id}/delete", "delete-incident", new());

        Assert.Equal("/incidents", PathOf(deleted));
        await _editor.PageAsync($"/incidents/{incident.Id}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_viewer_reads_incidents_without_write_buttons_and_cannot_post_an_update()
    {
        var incident = await OpenThroughTheFormAsync(Unique("Watched"), await _seed.MonitorAsync(Unique("m")));
        using var viewer = await DashboardSession.LoggedInAsync(factory, Unique("viewer"), SentinelRoles.Viewer);

        var page = await viewer.PageAsync($"/incidents/{incident.Id}");
        Assert.Contains("Looking into it.", page);
        foreach (var write in new[] { "Post update", ">Edit<", ">Delete<" })
        {
            Assert.DoesNotContain(write, page);
        }

        Assert.DoesNotContain("New incident", await viewer.PageAsync("/incidents"));
        var token = Regex.Match(page, """name="__RequestVerificationToken" value="(?<token>[^"]+)"[\s/>]""").Groups["token"].Value;
        foreach (var (path, form) in new[] { ("/incidents/new", "incident"), ($"/incidents/{incident.Id}/edit", "incident"), ($"/incidents/{incident.Id}/delete", "delete-incident"), ($"/incidents/{incident.Id}/update", "incident-update") })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await viewer.Http.GetAsync(path)).StatusCode);
            var posted = await viewer.Http.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["_handler"] = form, ["title"] = "taken over", ["status"] = "resolved", ["message"] = "not mine",
            }));
            Assert.Equal(HttpStatusCode.Forbidden, posted.StatusCode);
        }

        var stored = await StoredAsync(incident.Title);
        Assert.Equal(IncidentStatus.Investigating, stored.Status);
    }

    [Fact]
    public async Task Markup_in_an_incident_title_and_message_is_shown_as_text()
    {
        const string markup = "<script>alert(1)</script>";
        var monitor = await _seed.MonitorAsync(Unique("m"));
        var incident = await OpenThroughTheFormAsync(markup + Unique(""), monitor);
        await _editor.SubmitAsync($"/incidents/{incident.Id}", "incident-update", new() { ["status"] = "identified", ["message"] = markup });

        foreach (var path in new[] { "/incidents", $"/incidents/{incident.Id}", $"/incidents/{incident.Id}/edit", $"/incidents/{incident.Id}/delete" })
        {
            var page = await _editor.PageAsync(path);
            Assert.DoesNotContain(markup, page);
            Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", page);
        }
    }

    private async Task<Incident> StoredAsync(string title)
    {
        await using var db = factory.Database.CreateDbContext();
        return await db.Incidents.AsNoTracking().SingleAsync(i => i.Title == title);
    }

    private static string? PathOf(HttpResponseMessage response) => response.Headers.Location?.OriginalString.Replace("http://localhost", "");
}
