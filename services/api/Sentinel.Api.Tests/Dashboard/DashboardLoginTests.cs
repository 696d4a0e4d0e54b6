using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Auth;
using Sentinel.Api.Dashboard;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

public sealed class DashboardLoginTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_page_asks_a_visitor_to_log_in_and_returns_there_after()
    {
        await DashboardSession.CreateUserAsync(factory, "returning", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);

        var anonymous = await session.Http.GetAsync("/account");
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.StartsWith("/login", anonymous.Headers.Location!.OriginalString.Replace("http://localhost", ""));

        var login = await session.SubmitAsync("/login?ReturnUrl=%2Faccount", "login",
            new() { ["Input.UserName"] = "returning", ["Input.Password"] = DashboardSession.Password });
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        Assert.Equal("/account", login.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("sentinel-session="));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);

        var account = await session.PageAsync("/account");
        Assert.Contains("returning", account);
        Assert.Contains("viewer", account);
    }

    [Fact]
    public async Task A_return_address_off_the_site_goes_home_instead()
    {
        await DashboardSession.CreateUserAsync(factory, "phished", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);

        var login = await session.SubmitAsync("/login?ReturnUrl=https%3A%2F%2Fevil.example%2F", "login",
            new() { ["Input.UserName"] = "phished", ["Input.Password"] = DashboardSession.Password });

        Assert.Equal("/", login.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        await DashboardSession.CreateUserAsync(factory, "guessed", SentinelRoles.Editor);
        using var session = new DashboardSession(factory);

        for (var i = 0; i < DashboardAuthentication.MaxFailedLogins; i++)
        {
            var wrong = await session.LogInAsync("guessed", "not the password at all");
            Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
            Assert.Contains(i < DashboardAuthentication.MaxFailedLogins - 1 ? "Wrong user name or password." : "locked", await wrong.Content.ReadAsStringAsync());
        }

        var right = await session.LogInAsync("guessed");
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task A_form_posted_without_its_antiforgery_token_is_refused()
    {
        await DashboardSession.CreateUserAsync(factory, "forged", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);

        var forged = await session.Http.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.UserName"] = "forged", ["Input.Password"] = DashboardSession.Password,
        }));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("sentinel-session=")));
    }

    [Fact]
    public async Task Logging_out_without_the_pages_antiforgery_token_is_refused_and_the_session_stays()
    {
        await DashboardSession.CreateUserAsync(factory, "staying", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("staying");

        var forged = await session.Http.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string>()));

        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Contains("staying", await session.PageAsync("/account"));
    }

    [Fact]
    public async Task Every_page_carries_a_content_security_policy_that_allows_no_inline_script()
    {
        using var session = new DashboardSession(factory);

        var page = await session.Http.GetAsync("/login");

        Assert.Equal(SecurityHeaders.ContentSecurityPolicy, page.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("script-src 'self';", SecurityHeaders.ContentSecurityPolicy);
        Assert.DoesNotContain("<script>", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Logging_out_ends_the_session()
    {
        await DashboardSession.CreateUserAsync(factory, "leaving", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("leaving");

        var logout = await session.SubmitAsync("/account", "/logout", []);

        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task The_first_admin_is_created_from_the_settings_only_while_there_is_no_user()
    {
        await using var fresh = new InitialAdminApiFactory();
        await ((IAsyncLifetime)fresh).InitializeAsync();
        using var session = new DashboardSession(fresh);

        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync("root", InitialAdminApiFactory.AdminPassword)).StatusCode);
        Assert.Contains("admin", await session.PageAsync("/account"));

        await using var scope = fresh.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        Assert.Equal(["root"], users.Users.Select(u => u.UserName).ToList());
        await ((IAsyncLifetime)fresh).DisposeAsync();
    }

    [Fact]
    public async Task A_write_key_made_by_an_editor_cannot_manage_keys_and_one_made_by_a_viewer_cannot_write()
    {
        var editor = await DashboardSession.CreateUserAsync(factory, "key-editor", SentinelRoles.Editor);
        var viewer = await DashboardSession.CreateUserAsync(factory, "key-viewer", SentinelRoles.Viewer);
        var editorKey = await KeyOwnedBy(editor.Id);
        var viewerKey = await KeyOwnedBy(viewer.Id);

        using var asEditor = factory.CreateClient();
        asEditor.DefaultRequestHeaders.Add("X-API-Key", editorKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await asEditor.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await asEditor.GetAsync("/api/v1/monitors")).StatusCode);

        using var asViewer = factory.CreateClient();
        asViewer.DefaultRequestHeaders.Add("X-API-Key", viewerKey);
        var write = await asViewer.PostAsJsonAsync("/api/v1/monitors", new { name = "no", url = "http://127.0.0.1:1/" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
    }

    private async Task<string> KeyOwnedBy(Guid userId)
    {
        using var admin = factory.CreateAuthorizedClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/keys", new { name = $"of {userId}", scope = "write" })).Content.ReadFromJsonAsync<Dictionary<string, object>>();
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<SentinelDbContext>();
        var key = await db.ApiKeys.FindAsync(Guid.Parse(created!["id"].ToString()!));
        key!.UserId = userId;
        await db.SaveChangesAsync();
        return created["key"].ToString()!;
    }

    private sealed class InitialAdminApiFactory : ApiFactory
    {
        public const string AdminPassword = "first-admin-password-123";

        protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
        {
            ["Dashboard__InitialAdminName"] = "root",
            ["Dashboard__InitialAdminPassword"] = AdminPassword,
        };
    }
}
