using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Checks.Kinds;

namespace Sentinel.Api.Tests;

/// <summary>What a client reads it can send back: the document GET shows, with PUT, or a merge patch of it, with PATCH.</summary>
public sealed class MonitorRoundTripTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Password = "correct-horse-battery";
    private const string MergePatch = "application/merge-patch+json";

    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private const string HttpMonitor = $$"""
        {"name":"shop","url":"https://shop.example/health","method":"POST","body":"{}","headers":{"Accept":"application/json","X-Tenant":"a"},
         "basicAuth":{"username":"monitor","password":"{{Password}}"},"conditions":["[STATUS] == 200","[BODY].status == UP"],
         "tags":["prod"],"reminderIntervalMinutes":30}
        """;

    public static TheoryData<string> Monitors => new()
    {
        HttpMonitor,
        """{"name":"db","url":"tcp://db.internal:5432","intervalSeconds":30,"timeoutSeconds":5,"retries":2}""",
        """{"name":"resolver","url":"dns://1.1.1.1/example.com?type=MX"}""",
        """{"name":"backup","type":"heartbeat","intervalSeconds":3600,"graceSeconds":120}""",
    };

    [Theory]
    [MemberData(nameof(Monitors))]
    public async Task The_document_GET_shows_sent_back_with_one_field_changed_changes_only_that_field(string body)
    {
        var id = await CreateAsync(body);
        var shown = await GetAsync(id);
        var sent = shown.DeepClone().AsObject();
        sent["intervalSeconds"] = 600;

        var response = await _client.PutAsync(Path(id), Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertChangedOnly(shown, await GetAsync(id), "intervalSeconds");
        Assert.Equal(600, (int)(await GetAsync(id))["intervalSeconds"]!);
        await AssertPasswordKeptAsync(id);
    }

    [Fact]
    public async Task Read_only_fields_sent_back_with_other_values_are_ignored()
    {
        var id = await CreateAsync("""{"name":"backup","type":"heartbeat","intervalSeconds":3600}""");
        var shown = await GetAsync(id);
        var sent = shown.DeepClone().AsObject();
        sent["id"] = Guid.NewGuid().ToString();
        sent["status"] = "down";
        sent["createdAt"] = "2001-01-01T00:00:00Z";
        sent["updatedAt"] = "2001-01-01T00:00:00Z";
        sent["lastCheckedAt"] = "2001-01-01T00:00:00Z";
        sent["heartbeatToken"] = "someone-elses-token";
        sent["pingUrl"] = "/api/v1/heartbeats/someone-elses-token";
        sent["lastPingAt"] = "2001-01-01T00:00:00Z";

        var response = await _client.PutAsync(Path(id), Json(sent));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertChangedOnly(shown, await GetAsync(id));
    }

    [Fact]
    public async Task A_truly_unknown_field_sent_back_is_still_a_400_naming_it()
    {
        var id = await CreateAsync(HttpMonitor);
        var sent = (await GetAsync(id)).DeepClone().AsObject();
        sent["colour"] = "blue";

        var response = await _client.PutAsync(Path(id), Json(sent));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await ErrorAsync(response, "colour"));
    }

    [Theory]
    [MemberData(nameof(Monitors))]
    public async Task A_merge_patch_changes_the_one_field_it_names(string body)
    {
        var id = await CreateAsync(body);
        var shown = await GetAsync(id);

        var response = await PatchAsync(id, """{"name":"renamed"}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await GetAsync(id);
        AssertChangedOnly(shown, after, "name");
        Assert.Equal("renamed", (string?)after["name"]);
        await AssertPasswordKeptAsync(id);
    }

    [Fact]
    public async Task Null_in_a_merge_patch_removes_an_optional_field_and_a_header()
    {
        var id = await CreateAsync(HttpMonitor);
        var shown = await GetAsync(id);

        var response = await PatchAsync(id, """{"reminderIntervalMinutes":null,"headers":{"X-Tenant":null}}""");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var after = await GetAsync(id);
        AssertChangedOnly(shown, after, "reminderIntervalMinutes", "headers");
        Assert.Null(after["reminderIntervalMinutes"]);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"Accept":"application/json"}"""), after["headers"]), after["headers"]!.ToJsonString());
    }

    [Fact]
    public async Task A_patch_that_is_not_a_merge_patch_is_415()
    {
        var id = await CreateAsync(HttpMonitor);

        var response = await _client.PatchAsync(Path(id), new StringContent("""{"name":"renamed"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("shop", (string?)(await GetAsync(id))["name"]);
    }

    [Fact]
    public async Task Patching_an_unknown_monitor_is_404()
    {
        var response = await PatchAsync(Guid.NewGuid().ToString(), """{"name":"renamed"}""");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("""{"intervalSeconds":0}""", "intervalSeconds")]
    [InlineData("""{"timeoutSeconds":90}""", "timeoutSeconds")]
    [InlineData("""{"url":"tcp://db.internal:5432"}""", "url")]
    [InlineData("""{"basicAuth":{"password":null}}""", "basicAuth.password")]
    [InlineData("""{"intervalSecond":5}""", "intervalSecond")]
    public async Task A_merge_patch_making_the_monitor_invalid_is_a_400_naming_the_field_and_changes_nothing(string patch, string field)
    {
        var id = await CreateAsync(HttpMonitor);
        var shown = await GetAsync(id);

        var response = await PatchAsync(id, patch);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(await ErrorAsync(response, field));
        AssertChangedOnly(shown, await GetAsync(id));
    }

    private async Task<string> CreateAsync(string body)
    {
        var response = await _client.PostAsync("/api/v1/monitors", Json(JsonNode.Parse(body)!));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["id"]!;
    }

    private async Task<JsonObject> GetAsync(string id) => JsonNode.Parse(await _client.GetStringAsync(Path(id)))!.AsObject();

    private Task<HttpResponseMessage> PatchAsync(string id, string patch) =>
        _client.PatchAsync(Path(id), new StringContent(patch, Encoding.UTF8, MergePatch));

    /// <summary>The basic-auth password of an http monitor is the one it was created with, whatever was shown.</summary>
    private async Task AssertPasswordKeptAsync(string id)
    {
        await using var db = api.Database.CreateDbContext();
        if ((await db.Monitors.SingleAsync(m => m.Id == Guid.Parse(id))).Check is HttpCheck { BasicAuth: { } auth })
        {
            Assert.Equal(Password, auth.Password);
        }
    }

    /// <summary>Every field but <paramref name="changed"/> (and updatedAt) is as it was.</summary>
    private static void AssertChangedOnly(JsonObject before, JsonObject after, params string[] changed)
    {
        var fields = before.Select(f => f.Key).Union(after.Select(f => f.Key)).Except(changed).Where(f => f != "updatedAt");
        Assert.All(fields, field => Assert.True(
            JsonNode.DeepEquals(before[field], after[field]), $"{field}: {before[field]?.ToJsonString()} became {after[field]?.ToJsonString()}"));
    }

    private static async Task<JsonNode?> ErrorAsync(HttpResponseMessage response, string field) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]?[field];

    private static string Path(string id) => $"/api/v1/monitors/{id}";

    private static StringContent Json(JsonNode body) => new(body.ToJsonString(), Encoding.UTF8, "application/json");
}
