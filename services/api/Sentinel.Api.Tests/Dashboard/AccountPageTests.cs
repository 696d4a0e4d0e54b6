using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

public sealed partial class AccountPageTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public void The_test_authenticator_gives_the_code_of_the_RFC_6238_test_vector()
    {
        // RFC 6238 appendix B, SHA-1, T = 59 s: 94287082, of which an authenticator shows the last 6 digits.
        Assert.Equal("287082", Totp.Code("GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ", DateTimeOffset.FromUnixTimeSeconds(59)));
    }

    [Fact]
    public async Task An_authenticator_set_up_on_the_account_page_is_asked_for_at_the_next_login()
    {
        await DashboardSession.CreateUserAsync(factory, "enrolling", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("enrolling");

        var setup = await session.SubmitAsync("/account", "authenticator-setup", []);
        var page = await setup.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        var qr = QrCodeImage().Match(page);
        Assert.True(qr.Success, page);
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' }, Convert.FromBase64String(WebUtility.HtmlDecode(qr.Groups[1].Value))[..4]);
        var key = ShownKey(page);

        var wrong = await session.SubmitAsync("/account", page, "authenticator-confirm", new() { ["ConfirmForm.Code"] = OtherCode(key) });
        var refused = await wrong.Content.ReadAsStringAsync();
        Assert.Contains("""<p class="field-error" id="error-code">""", refused);
        Assert.Contains("""aria-describedby="error-code""", refused);

        var confirmed = await session.SubmitAsync("/account", refused, "authenticator-confirm", new() { ["ConfirmForm.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Contains("The authenticator is on", await confirmed.Content.ReadAsStringAsync());
        Assert.Contains("Turn off authenticator", await session.PageAsync("/account"));

        using var next = new DashboardSession(factory);
        var password = await next.LogInAsync("enrolling");
        Assert.Equal(HttpStatusCode.Redirect, password.StatusCode);
        var twoFactor = password.Headers.Location!.OriginalString.Replace("http://localhost", "");
        Assert.StartsWith("/login/2fa", twoFactor);
        Assert.Equal(HttpStatusCode.Redirect, (await next.Http.GetAsync("/account")).StatusCode);
        var form = await next.PageAsync(twoFactor);
        Assert.Contains("""<label for="code">Authenticator code</label>""", form);
        Assert.Contains(">Verify</button>", form);

        var verified = await next.SubmitAsync(twoFactor, "two-factor", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });

        Assert.Equal(HttpStatusCode.Redirect, verified.StatusCode);
        Assert.Contains("enrolling", await next.PageAsync("/account"));
    }

    [Fact]
    public async Task Wrong_authenticator_codes_count_towards_the_lockout()
    {
        var key = await EnrolledUserAsync("second-guessed");
        using var session = new DashboardSession(factory);
        await session.LogInAsync("second-guessed");

        for (var i = 0; i < DashboardAuthentication.MaxFailedLogins; i++)
        {
            var wrong = await session.SubmitAsync("/login/2fa", "two-factor", new() { ["Input.Code"] = OtherCode(key) });
            Assert.Contains(i < DashboardAuthentication.MaxFailedLogins - 1 ? "Wrong code." : "locked", await wrong.Content.ReadAsStringAsync());
        }

        var right = await session.SubmitAsync("/login/2fa", "two-factor", new() { ["Input.Code"] = Totp.Code(key, DateTimeOffset.UtcNow) });
        Assert.Equal(HttpStatusCode.OK, right.StatusCode);
        Assert.Contains("locked", await right.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await session.Http.GetAsync("/account")).StatusCode);
    }

    [Fact]
    public async Task The_code_page_without_a_right_password_first_sends_to_the_login()
    {
        using var session = new DashboardSession(factory);

        var page = await session.Http.GetAsync("/login/2fa");

        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.Equal(DashboardAuthentication.LoginPath, page.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task Turning_the_authenticator_off_lets_the_password_alone_log_in_again()
    {
        await EnrolledUserAsync("relieved");
        using var session = new DashboardSession(factory);
        await session.LogInAsync("relieved");
        await session.SubmitAsync("/login/2fa", "two-factor", new() { ["Input.Code"] = Totp.Code(await KeyOfAsync("relieved"), DateTimeOffset.UtcNow) });

        var off = await session.SubmitAsync("/account", "authenticator-off", []);

        Assert.Contains("The authenticator is off.", await off.Content.ReadAsStringAsync());
        Assert.Contains("Set up authenticator", await session.PageAsync("/account"));
        using var next = new DashboardSession(factory);
        var login = await next.LogInAsync("relieved");
        Assert.Equal("/", login.Headers.Location!.OriginalString.Replace("http://localhost", ""));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_names_what_is_wrong_beside_its_field()
    {
        await DashboardSession.CreateUserAsync(factory, "changing", SentinelRoles.Editor);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("changing");

        var mismatch = await (await session.SubmitAsync("/account", "password", new()
        {
            ["PasswordForm.Current"] = "not my password at all", ["PasswordForm.New"] = "a brand new passphrase",
        })).Content.ReadAsStringAsync();
        Assert.Matches("""id="current-password"[^>]*aria-invalid="true"[^>]*aria-describedby="error-currentPassword"|id="current-password"[^>]*aria-describedby="error-currentPassword"[^>]*aria-invalid="true""", mismatch);
        Assert.Contains("""<p class="field-error" id="error-currentPassword">Incorrect password.</p>""", mismatch);

        var tooShort = await (await session.SubmitAsync("/account", "password", new()
        {
            ["PasswordForm.Current"] = DashboardSession.Password, ["PasswordForm.New"] = "short",
        })).Content.ReadAsStringAsync();
        Assert.Matches("""<p class="field-error" id="error-newPassword">[^<]*at least 12 characters""", tooShort);

        var changed = await (await session.SubmitAsync("/account", "password", new()
        {
            ["PasswordForm.Current"] = DashboardSession.Password, ["PasswordForm.New"] = "a brand new passphrase",
        })).Content.ReadAsStringAsync();
        Assert.Contains("Your password is changed.", changed);
        Assert.Contains("changing", await session.PageAsync("/account"));

        using var next = new DashboardSession(factory);
        Assert.Contains("Wrong user name or password.", await (await next.LogInAsync("changing")).Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Redirect, (await next.LogInAsync("changing", "a brand new passphrase")).StatusCode);
    }

    /// <summary>A user with the authenticator on, as the account page leaves one; returns the key the page showed.</summary>
    private async Task<string> EnrolledUserAsync(string name)
    {
        var user = await DashboardSession.CreateUserAsync(factory, name, SentinelRoles.Viewer);
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        user = (await users.FindByIdAsync(user.Id.ToString()))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        return (await users.GetAuthenticatorKeyAsync(user))!;
    }

    private async Task<string> KeyOfAsync(string name)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        return (await users.GetAuthenticatorKeyAsync((await users.FindByNameAsync(name))!))!;
    }

    /// <summary>A code no time step near now gives: wrong for sure, not merely unlucky.</summary>
    private static string OtherCode(string key)
    {
        var near = Enumerable.Range(-3, 7).Select(s => Totp.Code(key, DateTimeOffset.UtcNow.AddSeconds(30 * s))).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !near.Contains(c));
    }

    private static string ShownKey(string page)
    {
        var shown = ShownKeyPattern().Match(page);
        Assert.True(shown.Success, page);
        return shown.Groups[1].Value.Replace(" ", "");
    }

    [GeneratedRegex("""<img class="qr" src="data:image/png;base64,([^"]+)"[^>]*alt="QR code""")]
    private static partial Regex QrCodeImage();

    [GeneratedRegex("""data-field="authenticator-key">([a-z0-9 ]+)<""")]
    private static partial Regex ShownKeyPattern();
}
