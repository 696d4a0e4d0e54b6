using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>
/// A browser's side of the dashboard without the browser: keeps the session cookie, and submits a page's form the
/// way the page rendered it (its hidden antiforgery token and form name included).
/// </summary>
public sealed partial class DashboardSession(ApiFactory factory) : IDisposable
{
    public const string Password = "correct horse battery staple";

    public HttpClient Http { get; } = factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    /// <summary>Creates a user with <see cref="Password"/>, as <c>./sentinel user add</c> would.</summary>
    public static async Task<DashboardUser> CreateUserAsync(ApiFactory factory, string name, string role)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var user = new DashboardUser { Id = Guid.CreateVersion7(), UserName = name, Role = role, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(user, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return user;
    }

    /// <summary>A new user with <see cref="Password"/>, logged in.</summary>
    public static async Task<DashboardSession> LoggedInAsync(ApiFactory factory, string name, string role)
    {
        await CreateUserAsync(factory, name, role);
        var session = new DashboardSession(factory);
        var login = await session.LogInAsync(name);
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, $"{name} did not log in: {(int)login.StatusCode}");
        return session;
    }

    /// <summary>Logs in through the login form; the answer is the form's response (a redirect when it worked).</summary>
    public Task<HttpResponseMessage> LogInAsync(string name, string password = Password) =>
        SubmitAsync("/login", "login", new() { ["Input.UserName"] = name, ["Input.Password"] = password });

    public async Task<string> PageAsync(string path, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Http.GetAsync(path);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"GET {path}: {(int)response.StatusCode}\n{body}");
        return body;
    }

    /// <summary>
    /// Loads <paramref name="page"/>, finds its form named <paramref name="formName"/> (a Razor form's <c>_handler</c>,
    /// or the form's action), and posts its hidden fields with <paramref name="fields"/>.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string formName, Dictionary<string, string> fields) =>
        await SubmitAsync(page, await PageAsync(page), formName, fields);

    /// <summary>
    /// Submits a form of <paramref name="html"/>, a page already at hand (one that only a previous post rendered,
    /// such as the authenticator's confirmation), as that page at <paramref name="page"/> would.
    /// </summary>
    public async Task<HttpResponseMessage> SubmitAsync(string page, string html, string formName, Dictionary<string, string> fields)
    {
        var form = Forms().Matches(html).FirstOrDefault(f =>
            f.Value.Contains($"name=\"_handler\" value=\"{formName}\"") || f.Groups["action"].Value == formName);
        Assert.True(form is not null, $"No form {formName} on {page}:\n{html}");
        var values = HiddenInputs().Matches(form.Value).ToDictionary(m => WebUtility.HtmlDecode(m.Groups["name"].Value), m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        foreach (var (name, value) in fields)
        {
            values[name] = value;
        }

        var action = form.Groups["action"].Success && form.Groups["action"].Value.Length > 0 ? WebUtility.HtmlDecode(form.Groups["action"].Value) : page;
        return await Http.PostAsync(action, new FormUrlEncodedContent(values));
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("""<form(?:(?=[^>]*\baction="(?<action>[^"]*)"))?[^>]*>.*?</form>""", RegexOptions.Singleline)]
    private static partial Regex Forms();

    [GeneratedRegex("""<input[^>]*type="hidden"[^>]*name="(?<name>[^"]*)"[^>]*value="(?<value>[^"]*)"[^>]*>|<input[^>]*name="(?<name>[^"]*)"[^>]*type="hidden"[^>]*value="(?<value>[^"]*)"[^>]*>""")]
    private static partial Regex HiddenInputs();
}
