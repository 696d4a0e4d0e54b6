using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Sentinel.Api.Auth;

namespace Sentinel.Api.Tests.Dashboard;

public sealed partial class KeysPageTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_key_made_on_the_page_is_shown_once_belongs_to_its_maker_and_stops_working_when_revoked()
    {
        using var admin = await DashboardSession.LoggedInAsync(factory, "key-maker", SentinelRoles.Admin);

        var page = await (await admin.SubmitAsync("/keys", "create-key", new() { ["NewKey.Name"] = "grafana", ["NewKey.Scope"] = "read" }))
            .Content.ReadAsStringAsync();
        var key = ShownKey(page);

        var listing = await admin.PageAsync("/keys");
        Assert.DoesNotContain(key, listing);
        Assert.Contains($"<code>{key[..10]}…</code>", listing);
        using var client = ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/monitors")).StatusCode);
        var listed = await KeyFromApiAsync(key);
        Assert.Equal("key-maker", (string?)listed["owner"]);
        Assert.Equal("read", (string?)listed["scope"]);

        var id = (string)listed["id"]!;
        Assert.Contains("Revoke grafana?", await admin.PageAsync($"/keys/{id}/revoke"));
        var revoked = await admin.SubmitAsync($"/keys/{id}/revoke", "revoke-key", []);

        Assert.Equal("/keys?revoked=true", revoked.Headers.Location!.OriginalString.Replace("http://localhost", ""));
        Assert.DoesNotContain($"data-key-id=\"{id}\"", await admin.PageAsync("/keys"));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/monitors")).StatusCode);
    }

    [Fact]
    public async Task A_key_without_a_name_is_refused_beside_the_name_field()
    {
        using var admin = await DashboardSession.LoggedInAsync(factory, "nameless-key-maker", SentinelRoles.Admin);

        var page = await (await admin.SubmitAsync("/keys", "create-key", new() { ["NewKey.Name"] = " ", ["NewKey.Scope"] = "write" }))
            .Content.ReadAsStringAsync();

        Assert.Contains("""<p class="field-error" id="error-name">A name of 1 to 200 characters is required.</p>""", page);
        Assert.Matches("""id="key-name"[^>]*aria-invalid="true""", page);
        Assert.DoesNotContain("data-field=\"key\"", page);
    }

    [Fact]
    public async Task A_write_key_does_no_more_than_its_owner_may_after_the_owner_is_demoted()
    {
        var owner = await DashboardSession.CreateUserAsync(factory, "fading-admin", SentinelRoles.Admin);
        using var session = new DashboardSession(factory);
        await session.LogInAsync("fading-admin");
        var key = ShownKey(await (await session.SubmitAsync("/keys", "create-key", new() { ["NewKey.Name"] = "deployer", ["NewKey.Scope"] = "write" }))
            .Content.ReadAsStringAsync());
        using var client = ClientWith(key);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/monitors", new { name = "by admin key", url = "https://a.example/" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/keys")).StatusCode);
        using var admin = await DashboardSession.LoggedInAsync(factory, "demoting-admin", SentinelRoles.Admin);

        await admin.SubmitAsync("/users", $"role-{owner.Id}", new() { ["Role"] = SentinelRoles.Editor });
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/keys")).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/monitors", new { name = "by editor key", url = "https://a.example/" })).StatusCode);

        await admin.SubmitAsync("/users", $"role-{owner.Id}", new() { ["Role"] = SentinelRoles.Viewer });
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync("/api/v1/monitors", new { name = "by viewer key", url = "https://a.example/" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/monitors")).StatusCode);
    }

    [Fact]
    public async Task A_key_made_through_the_api_belongs_to_the_owner_of_the_key_that_made_it()
    {
        using var admin = await DashboardSession.LoggedInAsync(factory, "api-key-owner", SentinelRoles.Admin);
        var ownersKey = ShownKey(await (await admin.SubmitAsync("/keys", "create-key", new() { ["NewKey.Name"] = "automation", ["NewKey.Scope"] = "write" }))
            .Content.ReadAsStringAsync());

        var made = await (await ClientWith(ownersKey).PostAsJsonAsync("/api/v1/keys", new { name = "made by automation", scope = "read" })).ReadAsync<JsonObject>();
        var madeByBootstrap = await (await factory.CreateAuthorizedClient().PostAsJsonAsync("/api/v1/keys", new { name = "made by bootstrap", scope = "read" })).ReadAsync<JsonObject>();

        Assert.Equal("api-key-owner", (string?)made["owner"]);
        Assert.Equal("api-key-owner", (string?)(await KeyFromApiAsync((string)made["key"]!))["owner"]);
        Assert.True(madeByBootstrap.ContainsKey("owner"));
        Assert.Null(madeByBootstrap["owner"]);
        Assert.Contains("none (bootstrap key)", await admin.PageAsync("/keys"));
    }

    public static string ShownKey(string page)
    {
        var shown = ShownKeyPattern().Match(page);
        Assert.True(shown.Success, page);
        return shown.Groups[1].Value;
    }

    private async Task<JsonNode> KeyFromApiAsync(string key)
    {
        var listing = JsonNode.Parse(await factory.CreateAuthorizedClient().GetStringAsync("/api/v1/keys"))!;
        return listing["items"]!.AsArray().Single(k => (string?)k!["prefix"] == key[..10])!;
    }

    private HttpClient ClientWith(string key)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }


    [GeneratedRegex("""data-field="key">(snt_[A-Za-z0-9_-]+)<""")]
    private static partial Regex ShownKeyPattern();
}
