using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary>
/// Nothing a visitor can ask for tells them about a monitor the page does not list, nor more about a listed one
/// than the page shows: not its name, target, tags or errors, nor its id.
/// </summary>
public sealed class LeakTests(PublicPagesFactory api) : IClassFixture<PublicPagesFactory>
{
    [Fact]
    public async Task No_public_answer_reveals_monitors_that_are_not_on_the_page_or_what_the_page_hides()
    {
        var seed = new StatusPageSeed(api);
        var shown = await seed.MonitorAsync("leak-shown-internal-name", MonitorState.Down, url: "https://shown-target.internal.example/health",
            tags: ["leak-shown-tag", "leak-shared-tag"], error: "leak-shown-error-text");
        var hidden = await seed.MonitorAsync("leak-hidden-name", MonitorState.Down, url: "https://hidden-target.internal.example/",
            tags: ["leak-hidden-tag", "leak-shared-tag"], error: "leak-hidden-error-text");
        var otherPages = await seed.MonitorAsync("leak-other-page-name", MonitorState.Down, url: "https://other-target.internal.example/",
            tags: ["leak-other-tag"], error: "leak-other-error-text");
        var badgeOnly = await seed.MonitorAsync("leak-badge-only-name", MonitorState.Up, url: "https://badge-target.internal.example/",
            publicId: "leakbadge" + Guid.NewGuid().ToString("N")[..16]);
        await seed.IncidentAsync("Shared incident", IncidentImpact.Minor, [shown.Id, hidden.Id], (IncidentStatus.Investigating, "Looking into it."));
        await seed.IncidentAsync("leak-other-page-incident", IncidentImpact.Major, [otherPages.Id], (IncidentStatus.Investigating, "leak-other-page-update"));
        await seed.IncidentAsync("leak-hidden-incident", IncidentImpact.Critical, [hidden.Id], (IncidentStatus.Investigating, "leak-hidden-update"));
        await seed.AddAsync(
            new MaintenanceWindow
            {
                Id = Guid.CreateVersion7(), Name = "leak-hidden-window", StartsAt = DateTime.UtcNow.AddHours(1), EndsAt = DateTime.UtcNow.AddHours(2),
                MonitorIds = [hidden.Id], CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            },
            new MaintenanceWindow
            {
                Id = Guid.CreateVersion7(), Name = "Shared window", StartsAt = DateTime.UtcNow.AddHours(1), EndsAt = DateTime.UtcNow.AddHours(2),
                Tags = ["leak-shared-tag"], CreatedAt = DateTime.UtcNow, UpdatedAt = DateTime.UtcNow,
            });
        var domain = $"{StatusPageSeed.Unique("leak")}.example.com";
        var page = await seed.PageAsync(StatusPageSeed.Unique("leak"), [("Services", [(shown, "Shown service")])], p => p.CustomDomain = domain);
        await seed.PageAsync(StatusPageSeed.Unique("leak-other"), [("leak-other-group", [(otherPages, "leak-other-display-name")])]);
        var password = await seed.PageAsync(StatusPageSeed.Unique("leak-pw"), [("leak-pw-group", [(hidden, "leak-pw-display-name")])],
            p => p.Visibility = StatusPageVisibility.Password);
        var users = await seed.PageAsync(StatusPageSeed.Unique("leak-users"), [("leak-users-group", [(hidden, "leak-users-display-name")])],
            p => p.Visibility = StatusPageVisibility.Users);

        using var visitor = api.Visitor();
        using var onDomain = api.Visitor(domain);
        var answers = new Dictionary<string, string>();
        foreach (var path in new[]
                 {
                     $"/status/{page.Slug}", $"/status/{page.Slug}.json", $"/status/{page.Slug}/feed.atom",
                     $"/status/{password.Slug}", $"/status/{password.Slug}.json", $"/status/{password.Slug}/feed.atom",
                     $"/status/{users.Slug}", $"/status/{users.Slug}.json", $"/status/{users.Slug}/feed.atom",
                     "/status/leak-no-such-page", "/status/leak-no-such-page.json", "/status/leak-no-such-page/feed.atom",
                     $"/badge/{badgeOnly.PublicId}/status.svg", $"/badge/{badgeOnly.PublicId}/uptime.svg?window=90d",
                     $"/badge/{hidden.Id}/status.svg", $"/badge/{hidden.Id:N}/uptime.svg", "/badge/leak-none/status.svg",
                 })
        {
            answers[path] = await AnswerAsync(visitor, path);
        }

        foreach (var path in new[] { "/", "/status.json", "/feed.atom" })
        {
            answers[$"{domain}{path}"] = await AnswerAsync(onDomain, path);
        }

        // What the page does show, so that the test cannot pass on empty answers.
        Assert.Contains("Shown service", answers[$"/status/{page.Slug}"]);
        Assert.Contains("Shown service", answers[$"{domain}/"]);
        Assert.Contains("Shared incident", answers[$"/status/{page.Slug}/feed.atom"]);
        Assert.Contains("Shared window", answers[$"/status/{page.Slug}.json"]);
        Assert.Contains("status: up", answers[$"/badge/{badgeOnly.PublicId}/status.svg"]);

        var secrets = new List<string>
        {
            "leak-shown-internal-name", "shown-target.internal.example", "leak-shown-tag", "leak-shared-tag", "leak-shown-error-text",
            "leak-hidden-name", "hidden-target.internal.example", "leak-hidden-tag", "leak-hidden-error-text", "leak-hidden-incident",
            "leak-hidden-update", "leak-hidden-window", "leak-pw-group", "leak-pw-display-name", "leak-users-group", "leak-users-display-name",
            "leak-other-page-name", "other-target.internal.example", "leak-other-tag", "leak-other-error-text", "leak-other-page-incident",
            "leak-other-page-update", "leak-other-group", "leak-other-display-name",
            "leak-badge-only-name", "badge-target.internal.example", "internal.example",
        };
        foreach (var monitor in new[] { shown, hidden, otherPages, badgeOnly })
        {
            secrets.Add(monitor.Id.ToString());
            secrets.Add(monitor.Id.ToString("N"));
        }

        foreach (var (path, body) in answers)
        {
            foreach (var secret in secrets.Where(s => !path.Contains(s, StringComparison.OrdinalIgnoreCase)))
            {
                Assert.False(body.Contains(secret, StringComparison.OrdinalIgnoreCase), $"{path} reveals {secret}:\n{body}");
            }
        }
    }

    /// <summary>The body and headers of an answer, whatever its status: a 404 or a redirect must not tell either.</summary>
    private static async Task<string> AnswerAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        return string.Join("\n", response.Headers.Concat(response.Content.Headers).Select(h => $"{h.Key}: {string.Join(", ", h.Value)}"))
            + "\n\n" + await response.Content.ReadAsStringAsync();
    }
}
