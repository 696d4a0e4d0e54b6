using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Data;

namespace Sentinel.Api.Tests.StatusPages;

public sealed class StatusPageApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();
    private readonly DashboardSeed _seed = new(api);

    private static string NewSlug() => "page-" + Guid.NewGuid().ToString("N")[..10];

    /// <summary>A valid page listing one new monitor under the display name "API".</summary>
    private async Task<JsonObject> PageAsync(string? slug = null)
    {
        var monitor = await _seed.MonitorAsync("internal-api-prod");
        return new JsonObject
        {
            ["slug"] = slug ?? NewSlug(), ["title"] = "Acme status", ["description"] = "How Acme is doing",
            ["groups"] = new JsonArray(new JsonObject
            {
                ["name"] = "Core", ["monitors"] = new JsonArray(new JsonObject { ["monitorId"] = monitor.Id, ["displayName"] = "API" }),
            }),
        };
    }

    private async Task<JsonObject> CreateAsync(JsonObject body)
    {
        var response = await PostAsync(body.ToJsonString());
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private async Task<JsonObject> ErrorsOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["errors"]!.AsObject();
    }

    private Task<HttpResponseMessage> PostAsync(string json) => _client.PostAsync("/api/v1/status-pages", Json(json));

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> MonitorIdAsync() => (await _seed.MonitorAsync("m-" + Guid.NewGuid().ToString("N")[..6])).Id.ToString();

    [Fact]
    public async Task A_page_is_created_with_its_groups_and_shown_at_its_slug()
    {
        var slug = NewSlug();
        var created = await CreateAsync(await PageAsync(slug));

        Assert.Equal((slug, $"/status/{slug}", "public", false), ((string?)created["slug"], (string?)created["url"], (string?)created["visibility"], (bool)created["hasPassword"]!));
        Assert.Equal("API", (string?)created["groups"]![0]!["monitors"]![0]!["displayName"]);
        var id = (string)created["id"]!;
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/status-pages/{id}"))!;
        Assert.Equal("Core", (string?)shown["groups"]![0]!["name"]);
        var listed = JsonNode.Parse(await _client.GetStringAsync("/api/v1/status-pages"))!["items"]!.AsArray();
        Assert.Contains(listed, p => (string?)p!["id"] == id);
    }

    [Fact]
    public async Task A_slug_another_page_has_is_refused_with_400_naming_the_slug()
    {
        var slug = NewSlug();
        await CreateAsync(await PageAsync(slug));

        var errors = await ErrorsOfAsync(await PostAsync((await PageAsync(slug)).ToJsonString()));

        Assert.Contains("Another status page", (string?)errors["slug"]![0]);
    }

    [Theory]
    [InlineData("Has-Capitals")]
    [InlineData("-starts-with-hyphen")]
    [InlineData("ends-with-hyphen-")]
    [InlineData("has space")]
    [InlineData("dots.are.not.labels")]
    [InlineData("")]
    public async Task A_slug_that_is_not_a_dns_label_is_refused(string slug)
    {
        var errors = await ErrorsOfAsync(await PostAsync((await PageAsync(slug)).ToJsonString()));

        Assert.Contains("lower-case letters, digits and hyphens", (string?)errors["slug"]![0]);
    }

    [Fact]
    public async Task A_slug_of_64_characters_is_refused_and_one_of_63_is_taken()
    {
        var errors = await ErrorsOfAsync(await PostAsync((await PageAsync(new string('a', 64))).ToJsonString()));
        Assert.NotNull(errors["slug"]);

        await CreateAsync(await PageAsync(Guid.NewGuid().ToString("N") + new string('b', 31)));
    }

    [Theory]
    [InlineData("https://status.example.com")]
    [InlineData("status.example.com:8080")]
    [InlineData("status.example.com/path")]
    [InlineData("10.0.0.1")]
    [InlineData("under_score.example.com")]
    public async Task A_custom_domain_that_is_not_a_host_name_is_refused(string domain)
    {
        var body = await PageAsync();
        body["customDomain"] = domain;

        var errors = await ErrorsOfAsync(await PostAsync(body.ToJsonString()));

        Assert.Contains("host name", (string?)errors["customDomain"]![0]);
    }

    [Fact]
    public async Task A_custom_domain_is_stored_lower_case_and_another_page_cannot_take_it()
    {
        var domain = $"Status-{Guid.NewGuid():N}.Example.com";
        var body = await PageAsync();
        body["customDomain"] = domain;
        var created = await CreateAsync(body);
        Assert.Equal(domain.ToLowerInvariant(), (string?)created["customDomain"]);

        body["slug"] = NewSlug();
        body["customDomain"] = domain.ToUpperInvariant();
        var errors = await ErrorsOfAsync(await PostAsync(body.ToJsonString()));

        Assert.Contains("Another status page", (string?)errors["customDomain"]![0]);
    }

    [Theory]
    [InlineData("ftp://cdn.example.com/logo.png")]
    [InlineData("/logo.png")]
    [InlineData("javascript:alert(1)")]
    public async Task A_logo_url_that_is_not_absolute_http_is_refused(string url)
    {
        var body = await PageAsync();
        body["logoUrl"] = url;

        var errors = await ErrorsOfAsync(await PostAsync(body.ToJsonString()));

        Assert.NotNull(errors["logoUrl"]);
    }

    [Fact]
    public async Task An_unknown_monitor_and_an_empty_display_name_are_named_by_their_place_in_the_groups()
    {
        var known = await MonitorIdAsync();
        var unknown = Guid.NewGuid();

        var errors = await ErrorsOfAsync(await _client.PostAsJsonAsync("/api/v1/status-pages", new
        {
            slug = NewSlug(), title = "t",
            groups = new object[]
            {
                new { name = "A", monitors = new[] { new { monitorId = known, displayName = "Known" } } },
                new { name = "B", monitors = new[] { new { monitorId = unknown.ToString(), displayName = "Unknown" } } },
                new { name = "", monitors = new[] { new { monitorId = await MonitorIdAsync(), displayName = " " } } },
            },
        }));

        Assert.Contains(unknown.ToString(), (string?)errors["groups[1].monitors[0].monitorId"]![0]);
        Assert.NotNull(errors["groups[2].monitors[0].displayName"]);
        Assert.NotNull(errors["groups[2].name"]);
    }

    [Fact]
    public async Task A_password_page_needs_a_password_which_is_stored_hashed_and_never_shown()
    {
        var body = await PageAsync();
        body["visibility"] = "password";
        Assert.Contains("needs one", (string?)(await ErrorsOfAsync(await PostAsync(body.ToJsonString())))["password"]![0]);
        body["password"] = "short";
        Assert.NotNull((await ErrorsOfAsync(await PostAsync(body.ToJsonString())))["password"]);

        body["password"] = "open sesame";
        var created = await CreateAsync(body);

        Assert.True((bool)created["hasPassword"]!);
        Assert.Null(created["password"]);
        Assert.DoesNotContain("open sesame", created.ToJsonString());
        await using var db = api.Database.CreateDbContext();
        var stored = await db.StatusPages.SingleAsync(p => p.Id == Guid.Parse((string)created["id"]!));
        Assert.NotEqual("open sesame", stored.PasswordHash);
        Assert.Equal(PasswordVerificationResult.Success, new PasswordHasher<StatusPage>().VerifyHashedPassword(stored, stored.PasswordHash!, "open sesame"));
        Assert.DoesNotContain(stored.PasswordHash!, await _client.GetStringAsync($"/api/v1/status-pages/{stored.Id}"));
    }

    [Fact]
    public async Task An_update_without_a_password_keeps_the_stored_one_and_a_public_page_forgets_it()
    {
        var body = await PageAsync();
        body["visibility"] = "password";
        body["password"] = "open sesame";
        var id = (string)(await CreateAsync(body))["id"]!;
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/status-pages/{id}"))!.AsObject();
        shown["title"] = "Renamed";

        var put = await _client.PutAsync($"/api/v1/status-pages/{id}", Json(shown.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        Assert.True((bool)JsonNode.Parse(await put.Content.ReadAsStringAsync())!["hasPassword"]!);

        var patch = await PatchAsync(id, """{"visibility":"public"}""");
        Assert.Equal(HttpStatusCode.OK, patch.StatusCode);
        await using var db = api.Database.CreateDbContext();
        var stored = await db.StatusPages.SingleAsync(p => p.Id == Guid.Parse(id));
        Assert.Equal(("Renamed", StatusPageVisibility.Public, null), (stored.Title, stored.Visibility, stored.PasswordHash));
    }

    [Fact]
    public async Task A_merge_patch_replaces_the_groups_and_keeps_the_rest()
    {
        var id = (string)(await CreateAsync(await PageAsync()))["id"]!;
        var other = await MonitorIdAsync();

        var response = await PatchAsync(id, $$"""{"groups":[{"name":"Edge","monitors":[{"monitorId":"{{other}}","displayName":"CDN"}]}],"showErrors":true}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = api.Database.CreateDbContext();
        var stored = await db.StatusPages.SingleAsync(p => p.Id == Guid.Parse(id));
        Assert.Equal(("Acme status", true, "Edge", "CDN"), (stored.Title, stored.ShowErrors, stored.Groups.Single().Name, stored.Groups.Single().Monitors.Single().DisplayName));
    }

    [Fact]
    public async Task Unknown_fields_are_refused_by_name()
    {
        var errors = await ErrorsOfAsync(await PostAsync($$"""{"slug":"{{NewSlug()}}","title":"t","colour":"red"}"""));

        Assert.Equal("Unknown field.", (string?)errors["colour"]![0]);
    }

    [Fact]
    public async Task A_deleted_page_is_gone_and_a_second_delete_answers_404()
    {
        var id = (string)(await CreateAsync(await PageAsync()))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/status-pages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/status-pages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/v1/status-pages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await PatchAsync(id, """{"title":"x"}""")).StatusCode);
    }

    [Fact]
    public async Task A_read_key_lists_pages_but_cannot_create_change_or_delete_one()
    {
        var id = (string)(await CreateAsync(await PageAsync()))["id"]!;
        var created = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/keys", new { name = "reader", scope = "read" })).Content.ReadAsStringAsync())!;
        using var reader = api.CreateClient();
        reader.DefaultRequestHeaders.Add("X-API-Key", (string)created["key"]!);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/status-pages")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsync("/api/v1/status-pages", Json((await PageAsync()).ToJsonString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PutAsync($"/api/v1/status-pages/{id}", Json((await PageAsync()).ToJsonString()))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/api/v1/status-pages/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/status-pages/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_deleted_monitor_leaves_the_pages_and_incidents_that_listed_it_and_they_save_again()
    {
        var kept = await MonitorIdAsync();
        var gone = await MonitorIdAsync();
        var page = await PageAsync();
        page["groups"]!.AsArray().Add(new JsonObject
        {
            ["name"] = "Edge",
            ["monitors"] = new JsonArray(
                new JsonObject { ["monitorId"] = gone, ["displayName"] = "CDN" },
                new JsonObject { ["monitorId"] = kept, ["displayName"] = "DNS" }),
        });
        var id = (string)(await CreateAsync(page))["id"]!;
        var incident = await _client.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "CDN slow", impact = "minor", monitorIds = new[] { gone, kept }, message = "Looking into it.",
        });
        Assert.Equal(HttpStatusCode.Created, incident.StatusCode);
        var incidentId = (string)JsonNode.Parse(await incident.Content.ReadAsStringAsync())!["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/monitors/{gone}")).StatusCode);

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/status-pages/{id}"))!;
        var edge = shown["groups"]![1]!;
        Assert.Equal("Edge", (string?)edge["name"]);
        Assert.Equal(["DNS"], edge["monitors"]!.AsArray().Select(m => (string?)m!["displayName"]));
        Assert.Equal("API", (string?)shown["groups"]![0]!["monitors"]![0]!["displayName"]);
        var affected = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/incidents/{incidentId}"))!["monitorIds"]!.AsArray();
        Assert.Equal([kept], affected.Select(m => (string?)m));
        // Saved again as shown, nothing refers to the deleted monitor any more.
        Assert.Equal(HttpStatusCode.OK, (await _client.PutAsync($"/api/v1/status-pages/{id}", Json(shown.ToJsonString()))).StatusCode);
    }

    private Task<HttpResponseMessage> PatchAsync(string id, string json) =>
        _client.PatchAsync($"/api/v1/status-pages/{id}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json"));
}
