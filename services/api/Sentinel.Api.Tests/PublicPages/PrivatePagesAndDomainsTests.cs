using System.Net;
using Sentinel.Api.Auth;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary>Pages on their own domain, behind a password, or for dashboard users only.</summary>
public sealed class PrivatePagesAndDomainsTests(PublicPagesFactory api) : IClassFixture<PublicPagesFactory>
{
    private readonly StatusPageSeed _seed = new(api);

    [Fact]
    public async Task A_request_for_a_custom_domain_gets_that_page_at_the_root_with_its_json_and_feed()
    {
        var monitor = await _seed.MonitorAsync("domain-api", MonitorState.Up);
        var domain = $"{StatusPageSeed.Unique("status")}.example.com";
        var page = await _seed.PageAsync(StatusPageSeed.Unique("domain"), [("All", [(monitor, "Domain API")])], p => p.CustomDomain = domain);
        using var onDomain = api.Visitor(domain);
        using var elsewhere = api.Visitor();

        var html = await onDomain.TextAsync("/");
        var json = await onDomain.JsonAsync("/status.json");
        var feed = System.Xml.Linq.XDocument.Parse(await onDomain.TextAsync("/feed.atom"));
        var root = await elsewhere.GetAsync("/");

        Assert.Contains($"<h1>{page.Title}</h1>", html);
        Assert.Contains("Domain API", html);
        Assert.Equal(page.Slug, json.GetProperty("slug").GetString());
        Assert.Equal("feed", feed.Root!.Name.LocalName);
        Assert.Contains(page.Title, await onDomain.TextAsync($"/status/{page.Slug}"));
        // Any other host still gets the dashboard at the root (which asks for a login).
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Contains("/login", root.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_password_page_shows_only_a_form_until_the_password_is_given_and_then_a_cookie_for_that_page()
    {
        var monitor = await _seed.MonitorAsync("pw-secret-monitor", MonitorState.Up);
        var page = await _seed.PageAsync(StatusPageSeed.Unique("pw"), [("Private group", [(monitor, "Private API")])], p => p.Visibility = StatusPageVisibility.Password);
        var other = await _seed.PageAsync(StatusPageSeed.Unique("pw-other"), [("All", [(monitor, "Other API")])], p => p.Visibility = StatusPageVisibility.Password);
        using var session = new DashboardSession(api);

        var form = await session.Http.GetAsync($"/status/{page.Slug}");
        var formHtml = await form.Content.ReadAsStringAsync();
        var json = await session.Http.GetAsync($"/status/{page.Slug}.json");
        var wrong = await session.SubmitAsync($"/status/{page.Slug}", $"/status/{page.Slug}/login", new() { ["password"] = "not the password" });
        var right = await session.SubmitAsync($"/status/{page.Slug}", $"/status/{page.Slug}/login", new() { ["password"] = StatusPageSeed.PagePassword });
        var shown = await session.Http.GetAsync($"/status/{page.Slug}");
        var shownJson = await session.Http.GetAsync($"/status/{page.Slug}.json");
        var otherPage = await session.PageAsync($"/status/{other.Slug}");

        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Contains("<label for=\"password\">Password</label>", formHtml);
        Assert.DoesNotContain("Private API", formHtml);
        Assert.DoesNotContain("Private group", formHtml);
        Assert.DoesNotContain(page.Title, formHtml);
        Assert.True(form.Headers.CacheControl!.NoStore && form.Headers.CacheControl.Private);
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        Assert.Contains("Wrong password.", await wrong.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.SeeOther, right.StatusCode);
        Assert.Equal($"/status/{page.Slug}", right.Headers.Location!.OriginalString);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"), c => c.StartsWith($"sentinel-page-{page.Id:N}=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie);
        Assert.Contains("Private API", await shown.Content.ReadAsStringAsync());
        Assert.True(shown.Headers.CacheControl!.NoStore && shown.Headers.CacheControl.Private);
        Assert.Equal(HttpStatusCode.OK, shownJson.StatusCode);
        Assert.Contains("<label for=\"password\">Password</label>", otherPage);
        Assert.DoesNotContain("Other API", otherPage);
    }

    [Fact]
    public async Task A_password_form_posted_without_its_antiforgery_token_is_refused()
    {
        var monitor = await _seed.MonitorAsync("pw-csrf", MonitorState.Up);
        var page = await _seed.PageAsync(StatusPageSeed.Unique("csrf"), [("All", [(monitor, "API")])], p => p.Visibility = StatusPageVisibility.Password);
        using var visitor = api.Visitor();

        var response = await visitor.PostAsync($"/status/{page.Slug}/login",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["password"] = StatusPageSeed.PagePassword }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.DoesNotContain("Set-Cookie", response.Headers.Select(h => h.Key));
    }

    [Fact]
    public async Task A_page_for_users_sends_a_visitor_to_the_login_and_shows_itself_to_a_logged_in_viewer()
    {
        var monitor = await _seed.MonitorAsync("users-api", MonitorState.Up);
        var page = await _seed.PageAsync(StatusPageSeed.Unique("team"), [("All", [(monitor, "Team API")])], p => p.Visibility = StatusPageVisibility.Users);
        using var visitor = api.Visitor();

        var redirect = await visitor.GetAsync($"/status/{page.Slug}");
        var json = await visitor.GetAsync($"/status/{page.Slug}.json");
        using var viewer = await DashboardSession.LoggedInAsync(api, "page-viewer", SentinelRoles.Viewer);
        var shown = await viewer.Http.GetAsync($"/status/{page.Slug}");

        Assert.Equal(HttpStatusCode.Redirect, redirect.StatusCode);
        Assert.Equal($"/login?returnUrl={Uri.EscapeDataString($"/status/{page.Slug}")}", redirect.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, shown.StatusCode);
        Assert.Contains("Team API", await shown.Content.ReadAsStringAsync());
        Assert.True(shown.Headers.CacheControl!.NoStore);
    }
}

/// <summary>A limit of a few requests a minute, so that the test reaches it.</summary>
public sealed class TightLimitFactory : PublicPagesFactory
{
    public const int Limit = 5;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["PublicPages__RequestsPerMinute"] = Limit.ToString(),
    };
}

public sealed class PublicRateLimitTests(TightLimitFactory api) : IClassFixture<TightLimitFactory>
{
    [Fact]
    public async Task Past_the_limit_every_public_route_answers_429_with_retry_after()
    {
        var seed = new StatusPageSeed(api);
        var publicId = "lim" + Guid.NewGuid().ToString("N")[..22];
        var monitor = await seed.MonitorAsync("limited", MonitorState.Up, publicId: publicId);
        var page = await seed.PageAsync(StatusPageSeed.Unique("limit"), [("All", [(monitor, "API")])]);
        using var visitor = api.Visitor();
        var routes = new[]
        {
            $"/status/{page.Slug}", $"/status/{page.Slug}.json", $"/status/{page.Slug}/feed.atom", $"/badge/{publicId}/status.svg",
            $"/badge/{publicId}/uptime.svg", "/status/no-such-page",
        };

        var first = new List<HttpStatusCode>();
        foreach (var route in routes.Take(TightLimitFactory.Limit))
        {
            first.Add((await visitor.GetAsync(route)).StatusCode);
        }

        Assert.DoesNotContain(HttpStatusCode.TooManyRequests, first);
        foreach (var route in routes)
        {
            var response = await visitor.GetAsync(route);
            Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
            Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero, $"{route} has no Retry-After");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType!.MediaType);
        }
    }
}
