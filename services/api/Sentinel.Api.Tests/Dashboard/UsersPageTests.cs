using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

public sealed partial class UsersPageTests(SessionCheckedOnEveryRequestApiFactory factory) : IClassFixture<SessionCheckedOnEveryRequestApiFactory>
{
    [Fact]
    public async Task An_added_user_gets_a_password_shown_once_that_logs_in_with_the_chosen_role()
    {
        using var admin = await DashboardSession.LoggedInAsync(factory, "adder", SentinelRoles.Admin);

        var added = await (await admin.SubmitAsync("/users", "add-user", new() { ["NewUser.Name"] = "newcomer", ["NewUser.Role"] = "editor" }))
            .Content.ReadAsStringAsync();

        var password = ShownPassword(added);
        Assert.Contains("newcomer", added);
        Assert.DoesNotContain(password, await admin.PageAsync("/users"));
        using var newcomer = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await newcomer.LogInAsync("newcomer", password)).StatusCode);
        Assert.Contains("<dd>editor</dd>", await newcomer.PageAsync("/account"));
    }

    [Fact]
    public async Task Adding_a_taken_name_says_so_beside_the_name()
    {
        using var admin = await DashboardSession.LoggedInAsync(factory, "duplicator", SentinelRoles.Admin);

        var refused = await (await admin.SubmitAsync("/users", "add-user", new() { ["NewUser.Name"] = "duplicator", ["NewUser.Role"] = "viewer" }))
            .Content.ReadAsStringAsync();

        Assert.Contains("""<p class="field-error" id="error-name">There is already a user named duplicator.</p>""", refused);
        Assert.DoesNotContain("data-field=\"password\"", refused);
    }

    [Fact]
    public async Task A_changed_role_ends_the_users_open_session_and_the_next_login_has_the_new_role()
    {
        var demoted = await DashboardSession.CreateUserAsync(factory, "demoted", SentinelRoles.Editor);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("demoted");
        using var admin = await DashboardSession.LoggedInAsync(factory, "demoter", SentinelRoles.Admin);

        var changed = await (await admin.SubmitAsync("/users", $"role-{demoted.Id}", new() { ["Role"] = "viewer" })).Content.ReadAsStringAsync();

        Assert.Contains("demoted is now viewer", changed);
        Assert.Matches("""<tr data-user="demoted">.*?<option value="viewer" selected""", Flatten(changed));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/account")).StatusCode);
        await session.LogInAsync("demoted");
        Assert.Contains("<dd>viewer</dd>", await session.PageAsync("/account"));
    }

    [Fact]
    public async Task An_admin_unlocks_a_user_locked_out_by_wrong_passwords()
    {
        var locked = await DashboardSession.CreateUserAsync(factory, "forgetful", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        for (var i = 0; i < DashboardAuthentication.MaxFailedLogins; i++)
        {
            await session.LogInAsync("forgetful", "not the password at all");
        }

        using var admin = await DashboardSession.LoggedInAsync(factory, "unlocker", SentinelRoles.Admin);
        Assert.Matches("""<tr data-user="forgetful">.*?data-field="locked-until""", Flatten(await admin.PageAsync("/users")));

        var unlocked = await (await admin.SubmitAsync("/users", $"unlock-{locked.Id}", [])).Content.ReadAsStringAsync();

        Assert.Contains("forgetful is unlocked.", unlocked);
        Assert.DoesNotMatch("""<tr data-user="forgetful">[^\n]*?data-field="locked-until""", Flatten(unlocked));
        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync("forgetful")).StatusCode);
    }

    [Fact]
    public async Task A_reset_password_is_shown_once_and_replaces_the_old_one()
    {
        var user = await DashboardSession.CreateUserAsync(factory, "reset-me", SentinelRoles.Viewer);
        using var admin = await DashboardSession.LoggedInAsync(factory, "resetter", SentinelRoles.Admin);

        var password = ShownPassword(await (await admin.SubmitAsync("/users", $"reset-{user.Id}", [])).Content.ReadAsStringAsync());

        using var session = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.OK, (await session.LogInAsync("reset-me")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync("reset-me", password)).StatusCode);
    }

    [Fact]
    public async Task A_deleted_user_loses_the_open_session_and_the_keys_they_made()
    {
        var leaving = await DashboardSession.CreateUserAsync(factory, "deleted-admin", SentinelRoles.Admin);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("deleted-admin");
        var key = KeysPageTests.ShownKey(await (await session.SubmitAsync("/keys", "create-key", new() { ["NewKey.Name"] = "theirs", ["NewKey.Scope"] = "read" }))
            .Content.ReadAsStringAsync());
        using var withKey = factory.CreateClient();
        withKey.DefaultRequestHeaders.Add("X-API-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/api/v1/monitors")).StatusCode);
        using var admin = await DashboardSession.LoggedInAsync(factory, "deleter", SentinelRoles.Admin);

        var confirmation = await admin.PageAsync($"/users/{leaving.Id}/delete");
        Assert.Contains("Delete deleted-admin?", confirmation);
        var deleted = await admin.SubmitAsync($"/users/{leaving.Id}/delete", "delete-user", []);

        Assert.Equal("/users?deleted=true", deleted.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        Assert.DoesNotContain("data-user=\"deleted-admin\"", await admin.PageAsync("/users"));
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/account")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await withKey.GetAsync("/api/v1/monitors")).StatusCode);
    }

    [Theory]
    [InlineData(SentinelRoles.Viewer)]
    [InlineData(SentinelRoles.Editor)]
    public async Task Only_admins_may_see_or_post_to_the_users_and_keys_pages(string role)
    {
        await DashboardSession.CreateUserAsync(factory, $"not-admin-{role}", role);
        using var session = new DashboardSession(factory);
        await session.LogInAsync($"not-admin-{role}");
        var token = AntiforgeryToken(await session.PageAsync("/account"));

        foreach (var (page, form, fields) in new[]
        {
            ("/users", "add-user", new Dictionary<string, string> { ["NewUser.Name"] = $"sneaked-in-by-{role}", ["NewUser.Role"] = "admin" }),
            ("/keys", "create-key", new Dictionary<string, string> { ["NewKey.Name"] = $"sneaked-key-{role}", ["NewKey.Scope"] = "write" }),
        })
        {
            Assert.Equal(HttpStatusCode.Forbidden, (await session.Http.GetAsync(page)).StatusCode);
            fields["_handler"] = form;
            fields["__RequestVerificationToken"] = token;
            Assert.Equal(HttpStatusCode.Forbidden, (await session.Http.PostAsync(page, new FormUrlEncodedContent(fields))).StatusCode);
        }

        Assert.DoesNotContain("href=\"/users\"", await session.PageAsync("/account"));
        await using var scope = factory.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>().FindByNameAsync($"sneaked-in-by-{role}"));
        Assert.DoesNotContain(await scope.ServiceProvider.GetRequiredService<SentinelDbContext>().ApiKeys.Select(k => k.Name).ToListAsync(), n => n == $"sneaked-key-{role}");
    }


    public static string ShownPassword(string page)
    {
        var shown = ShownPasswordPattern().Match(page);
        Assert.True(shown.Success, page);
        return WebUtility.HtmlDecode(shown.Groups[1].Value);
    }

    public static string AntiforgeryToken(string page) =>
        WebUtility.HtmlDecode(AntiforgeryPattern().Match(page).Groups["token"].Value) is { Length: > 0 } token ? token : throw new InvalidOperationException(page);

    /// <summary>The page on one line, so that a pattern can look inside a table row.</summary>
    private static string Flatten(string page) => page.Replace("\n", " ").Replace("</tr>", "</tr>\n");

    [GeneratedRegex("""data-field="password">([^<]+)<""")]
    private static partial Regex ShownPasswordPattern();

    [GeneratedRegex("""name="__RequestVerificationToken" type="hidden" value="(?<token>[^"]+)"|type="hidden" name="__RequestVerificationToken" value="(?<token>[^"]+)""")]
    private static partial Regex AntiforgeryPattern();
}

/// <summary>A user's sessions are checked against the database on every request instead of every minute, so a test sees
/// a role change or a deletion end a session without waiting.</summary>
public sealed class SessionCheckedOnEveryRequestApiFactory : ApiFactory
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.Zero));
    }
}

public sealed class LastAdminTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task The_last_admin_can_be_neither_demoted_nor_deleted_until_there_is_another()
    {
        var only = await DashboardSession.CreateUserAsync(factory, "only-admin", SentinelRoles.Admin);
        using var admin = new DashboardSession(factory);
        await admin.LogInAsync("only-admin");

        var demotion = await (await admin.SubmitAsync("/users", $"role-{only.Id}", new() { ["Role"] = "editor" })).Content.ReadAsStringAsync();
        Assert.Contains("only-admin is the last admin", demotion);
        var deletion = await (await admin.SubmitAsync($"/users/{only.Id}/delete", "delete-user", [])).Content.ReadAsStringAsync();
        Assert.Contains("only-admin is the last admin and cannot be deleted", deletion);
        Assert.Contains("<dd>admin</dd>", await admin.PageAsync("/account"));

        await admin.SubmitAsync("/users", "add-user", new() { ["NewUser.Name"] = "second-admin", ["NewUser.Role"] = "admin" });
        var now = await (await admin.SubmitAsync("/users", $"role-{only.Id}", new() { ["Role"] = "editor" })).Content.ReadAsStringAsync();

        Assert.Contains("only-admin is now editor", now);
    }
}
