using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Sentinel.Api.Tests.Dashboard;

namespace Sentinel.Api.Tests.Incidents;

public sealed class IncidentApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();
    private readonly DashboardSeed _seed = new(api);

    private async Task<Guid> MonitorIdAsync() => (await _seed.MonitorAsync("m-" + Guid.NewGuid().ToString("N")[..6])).Id;

    private async Task<JsonObject> OpenAsync(string title = "Checkout is slow", string impact = "major", string status = "investigating")
    {
        var response = await _client.PostAsJsonAsync("/api/v1/incidents", new
        {
            title, impact, monitorIds = new[] { await MonitorIdAsync() }, status, message = "We are looking into slow checkouts.",
        });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body);
        return JsonNode.Parse(body)!.AsObject();
    }

    private async Task<JsonObject> ErrorsOfAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!["errors"]!.AsObject();
    }

    private Task<HttpResponseMessage> UpdateAsync(string id, string status, string message) =>
        _client.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status, message });

    [Fact]
    public async Task An_incident_is_opened_with_its_first_update_on_its_timeline()
    {
        var created = await OpenAsync();

        Assert.Equal(("Checkout is slow", "major", "investigating"), ((string?)created["title"], (string?)created["impact"], (string?)created["status"]));
        Assert.Null((string?)created["resolvedAt"]);
        var update = created["updates"]!.AsArray().Single()!;
        Assert.Equal(("investigating", "We are looking into slow checkouts."), ((string?)update["status"], (string?)update["message"]));
        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/incidents/{created["id"]}"))!;
        Assert.Equal((string?)created["id"], (string?)shown["id"]);
    }

    [Fact]
    public async Task A_resolving_update_resolves_the_incident_and_a_later_one_reopens_it_with_the_timeline_newest_first()
    {
        var id = (string)(await OpenAsync())["id"]!;
        Assert.Equal(HttpStatusCode.Created, (await UpdateAsync(id, "identified", "A bad deploy.")).StatusCode);

        var resolved = JsonNode.Parse(await (await UpdateAsync(id, "resolved", "Rolled back.")).Content.ReadAsStringAsync())!;
        Assert.Equal("resolved", (string?)resolved["status"]);
        Assert.NotNull((string?)resolved["resolvedAt"]);
        Assert.Equal(["resolved", "identified", "investigating"], resolved["updates"]!.AsArray().Select(u => (string)u!["status"]!));

        var reopened = JsonNode.Parse(await (await UpdateAsync(id, "investigating", "It is back.")).Content.ReadAsStringAsync())!;
        Assert.Equal("investigating", (string?)reopened["status"]);
        Assert.Null((string?)reopened["resolvedAt"]);
        Assert.Equal("It is back.", (string?)reopened["updates"]![0]!["message"]);
        Assert.Equal(4, reopened["updates"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_list_filters_open_and_resolved_incidents_newest_first()
    {
        var older = (string)(await OpenAsync("older"))["id"]!;
        var resolved = (string)(await OpenAsync("resolved one", status: "resolved"))["id"]!;
        var newer = (string)(await OpenAsync("newer"))["id"]!;

        var open = (await ListAsync("?state=open")).ToList();
        Assert.DoesNotContain(resolved, open);
        Assert.True(open.IndexOf(newer) < open.IndexOf(older), "newest first");
        Assert.Contains(resolved, await ListAsync("?state=resolved"));
        Assert.DoesNotContain(newer, await ListAsync("?state=resolved"));
        Assert.NotNull((await ErrorsOfAsync(await _client.GetAsync("/api/v1/incidents?state=closed")))["state"]);
    }

    [Fact]
    public async Task The_list_is_paged_by_a_cursor()
    {
        for (var i = 0; i < 3; i++)
        {
            await OpenAsync($"paged {i}");
        }

        var first = JsonNode.Parse(await _client.GetStringAsync("/api/v1/incidents?limit=2"))!;
        var second = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/incidents?limit=2&cursor={first["next"]}"))!;

        var firstIds = first["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();
        Assert.Equal(2, firstIds.Count);
        Assert.DoesNotContain(second["items"]!.AsArray().Select(i => (string)i!["id"]!), firstIds.Contains);
    }

    [Fact]
    public async Task Unknown_monitors_are_named_by_their_place_and_an_empty_message_by_its_field()
    {
        var unknown = Guid.NewGuid();

        var errors = await ErrorsOfAsync(await _client.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "x", impact = "minor", monitorIds = new[] { await MonitorIdAsync(), unknown }, status = "investigating", message = "  ",
        }));

        Assert.Contains(unknown.ToString(), (string?)errors["monitorIds[1]"]![0]);
        Assert.NotNull(errors["message"]);
        Assert.Null(errors["monitorIds[0]"]);
    }

    [Fact]
    public async Task An_unknown_status_or_impact_and_no_monitors_are_refused_by_field()
    {
        var errors = await ErrorsOfAsync(await _client.PostAsJsonAsync("/api/v1/incidents", new
        {
            title = "", impact = "apocalyptic", monitorIds = Array.Empty<Guid>(), status = "panicking", message = "m",
        }));

        Assert.Contains("none, minor, major, critical", (string?)errors["impact"]![0]);
        Assert.Contains("investigating, identified, monitoring, resolved", (string?)errors["status"]![0]);
        Assert.NotNull(errors["monitorIds"]);
        Assert.NotNull(errors["title"]);

        var id = (string)(await OpenAsync())["id"]!;
        Assert.NotNull((await ErrorsOfAsync(await UpdateAsync(id, "done", "m")))["status"]);
        Assert.NotNull((await ErrorsOfAsync(await UpdateAsync(id, "resolved", "")))["message"]);
    }

    [Fact]
    public async Task A_put_changes_title_impact_and_monitors_but_the_status_only_changes_by_an_update()
    {
        var created = await OpenAsync();
        var id = (string)created["id"]!;
        var other = await MonitorIdAsync();
        created["title"] = "Checkout is down";
        created["impact"] = "critical";
        created["monitorIds"] = new JsonArray(other);

        var put = await _client.PutAsync($"/api/v1/incidents/{id}", Json(created.ToJsonString(), "application/json"));
        var body = await put.Content.ReadAsStringAsync();
        Assert.True(put.StatusCode == HttpStatusCode.OK, body);
        var changed = JsonNode.Parse(body)!;
        Assert.Equal(("Checkout is down", "critical", other.ToString(), 1), ((string?)changed["title"], (string?)changed["impact"], (string?)changed["monitorIds"]![0], changed["updates"]!.AsArray().Count));

        var errors = await ErrorsOfAsync(await _client.PatchAsync($"/api/v1/incidents/{id}", Json("""{"status":"resolved"}""", "application/merge-patch+json")));
        Assert.Contains("/updates", (string?)errors["status"]![0]);
        var patched = await _client.PatchAsync($"/api/v1/incidents/{id}", Json("""{"impact":"minor"}""", "application/merge-patch+json"));
        Assert.Equal("minor", (string?)JsonNode.Parse(await patched.Content.ReadAsStringAsync())!["impact"]);
        var unknown = await ErrorsOfAsync(await _client.PatchAsync($"/api/v1/incidents/{id}", Json($$"""{"monitorIds":["{{other}}","{{Guid.NewGuid()}}"]}""", "application/merge-patch+json")));
        Assert.NotNull(unknown["monitorIds[1]"]);
    }

    [Fact]
    public async Task A_deleted_incident_is_gone_with_its_timeline()
    {
        var id = (string)(await OpenAsync())["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await UpdateAsync(id, "resolved", "m")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/v1/incidents/{id}")).StatusCode);
    }

    [Fact]
    public async Task A_read_key_reads_incidents_but_cannot_open_update_or_delete_one()
    {
        var id = (string)(await OpenAsync())["id"]!;
        var created = JsonNode.Parse(await (await _client.PostAsJsonAsync("/api/v1/keys", new { name = "reader", scope = "read" })).Content.ReadAsStringAsync())!;
        using var reader = api.CreateClient();
        reader.DefaultRequestHeaders.Add("X-API-Key", (string)created["key"]!);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/incidents", new { title = "x" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync($"/api/v1/incidents/{id}/updates", new { status = "resolved", message = "m" })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.DeleteAsync($"/api/v1/incidents/{id}")).StatusCode);
        Assert.Equal("investigating", (string?)JsonNode.Parse(await _client.GetStringAsync($"/api/v1/incidents/{id}"))!["status"]);
    }

    private async Task<IReadOnlyList<string>> ListAsync(string query) =>
        JsonNode.Parse(await _client.GetStringAsync("/api/v1/incidents" + query + "&limit=1000"))!["items"]!.AsArray().Select(i => (string)i!["id"]!).ToList();

    private static StringContent Json(string json, string mediaType) => new(json, Encoding.UTF8, mediaType);
}
