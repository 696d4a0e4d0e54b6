using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

/// <summary>A monitor's dependencies and flapping settings through the REST API.</summary>
public sealed class MonitorNoiseApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<JsonNode> CreateAsync(object body)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }

    private Task<HttpResponseMessage> PatchAsync(string id, object patch) =>
        _client.PatchAsync($"/api/v1/monitors/{id}", new StringContent(System.Text.Json.JsonSerializer.Serialize(patch), System.Text.Encoding.UTF8, "application/merge-patch+json"));

    private static async Task<string> ProblemAsync(HttpResponseMessage response, string field)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]![0]!;
    }

    [Fact]
    public async Task A_new_monitor_flaps_after_more_than_five_changes_in_ten_minutes_and_depends_on_nothing()
    {
        var created = await CreateAsync(new { name = "plain", url = "https://plain.example/" });

        Assert.Equal((5, 10, false), ((int)created["flappingChanges"]!, (int)created["flappingMinutes"]!, (bool)created["flapping"]!));
        Assert.Empty(created["dependsOn"]!.AsArray());
        Assert.Null(created["flappingSince"]);
    }

    [Fact]
    public async Task Dependencies_and_flapping_settings_are_stored_and_shown()
    {
        var parent = (string)(await CreateAsync(new { name = "db", url = "https://db.example/" }))["id"]!;
        var child = await CreateAsync(new { name = "shop", url = "https://shop.example/", dependsOn = new[] { parent }, flappingChanges = 0, flappingMinutes = 30 });

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{child["id"]}"))!;
        Assert.Equal(parent, (string)shown["dependsOn"]![0]!);
        Assert.Equal((0, 30), ((int)shown["flappingChanges"]!, (int)shown["flappingMinutes"]!));
    }

    [Fact]
    public async Task A_dependency_that_would_close_a_loop_is_refused_naming_the_cycle()
    {
        var a = (string)(await CreateAsync(new { name = "ingress", url = "https://a.example/" }))["id"]!;
        var b = (string)(await CreateAsync(new { name = "api", url = "https://b.example/", dependsOn = new[] { a } }))["id"]!;
        var c = (string)(await CreateAsync(new { name = "worker", url = "https://c.example/", dependsOn = new[] { b } }))["id"]!;

        var response = await PatchAsync(a, new { dependsOn = new[] { c } });

        Assert.Equal("Would make a cycle: ingress → worker → api → ingress.", await ProblemAsync(response, "dependsOn"));
    }

    [Fact]
    public async Task A_monitor_depending_on_itself_or_on_no_monitor_is_refused()
    {
        var id = (string)(await CreateAsync(new { name = "self", url = "https://self.example/" }))["id"]!;
        var unknown = Guid.NewGuid();

        var itself = await PatchAsync(id, new { dependsOn = new[] { id } });
        var missing = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "m", url = "https://m.example/", dependsOn = new[] { unknown } });

        Assert.Equal("A monitor cannot depend on itself.", await ProblemAsync(itself, "dependsOn"));
        Assert.Equal($"No monitor has id {unknown}.", await ProblemAsync(missing, "dependsOn"));
    }

    [Theory]
    [InlineData("flappingChanges", -1, "Must be between 0 (never flapping) and 100.")]
    [InlineData("flappingChanges", 101, "Must be between 0 (never flapping) and 100.")]
    [InlineData("flappingMinutes", 0, "Must be between 1 and 1440 minutes (a day).")]
    public async Task Flapping_settings_out_of_range_are_refused_naming_the_field(string field, int value, string message)
    {
        var body = new JsonObject { ["name"] = "m", ["url"] = "https://m.example/", [field] = value };

        var response = await _client.PostAsJsonAsync("/api/v1/monitors", body);

        Assert.Equal(message, await ProblemAsync(response, field));
    }

    [Fact]
    public async Task Deleting_a_monitor_takes_it_off_the_monitors_that_depend_on_it()
    {
        var parent = (string)(await CreateAsync(new { name = "dns", url = "https://dns.example/" }))["id"]!;
        var child = (string)(await CreateAsync(new { name = "site", url = "https://site.example/", dependsOn = new[] { parent } }))["id"]!;

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/monitors/{parent}")).StatusCode);

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{child}"))!;
        Assert.Empty(shown["dependsOn"]!.AsArray());
        var renamed = await PatchAsync(child, new { name = "site 2" });
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
    }

    [Fact]
    public async Task A_flapping_monitor_says_so_and_since_when()
    {
        var id = Guid.Parse((string)(await CreateAsync(new { name = "flappy", url = "https://flappy.example/" }))["id"]!);
        var since = new DateTime(2026, 3, 1, 12, 0, 0, DateTimeKind.Utc);
        await using (var db = api.Database.CreateDbContext())
        {
            db.FlappingPeriods.Add(new FlappingPeriod { Id = Guid.CreateVersion7(), MonitorId = id, StartedAt = since, Changes = 6, Minutes = 10 });
            await db.SaveChangesAsync();
        }

        var shown = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{id}"))!;
        var listed = JsonNode.Parse(await _client.GetStringAsync("/api/v1/monitors?name=flappy"))!["items"]![0]!;

        Assert.Equal((true, since), ((bool)shown["flapping"]!, (DateTime)shown["flappingSince"]!));
        Assert.True((bool)listed["flapping"]!);
    }
}

public sealed class MonitorDependencyRuleTests
{
    private static readonly Guid A = Guid.NewGuid(), B = Guid.NewGuid(), C = Guid.NewGuid(), D = Guid.NewGuid();

    [Fact]
    public void A_chain_without_a_loop_has_no_cycle() =>
        Assert.Null(MonitorDependencies.CycleThrough(A, new Dictionary<Guid, IReadOnlyList<Guid>> { [A] = [B, C], [B] = [C], [C] = [D] }));

    [Fact]
    public void A_loop_back_to_the_monitor_is_found_as_the_path_around_it() =>
        Assert.Equal([A, C, B, A], MonitorDependencies.CycleThrough(A, new Dictionary<Guid, IReadOnlyList<Guid>> { [A] = [D, C], [B] = [A], [C] = [B], [D] = [] }));

    [Fact]
    public void A_loop_elsewhere_in_the_graph_is_not_this_monitors_cycle_and_ends_the_walk() =>
        Assert.Null(MonitorDependencies.CycleThrough(A, new Dictionary<Guid, IReadOnlyList<Guid>> { [A] = [B], [B] = [C], [C] = [B] }));
}
