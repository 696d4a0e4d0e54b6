using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace Sentinel.Api.Tests;

public sealed class MonitorPublicApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<JsonNode> SendAsync(Task<HttpResponseMessage> sending, HttpStatusCode expected)
    {
        var response = await sending;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    private Task<JsonNode> PatchAsync(string id, string json) => SendAsync(
        _client.PatchAsync($"/api/v1/monitors/{id}", new StringContent(json, Encoding.UTF8, "application/merge-patch+json")), HttpStatusCode.OK);

    [Fact]
    public async Task A_monitor_is_private_by_default_and_has_no_public_id()
    {
        var created = await SendAsync(_client.PostAsJsonAsync("/api/v1/monitors", new { name = "private", url = "https://shop.example/health" }), HttpStatusCode.Created);

        Assert.False((bool)created["public"]!);
        Assert.Null((string?)created["publicId"]);
    }

    [Fact]
    public async Task A_public_monitor_gets_an_unguessable_url_safe_id_that_it_keeps_until_it_is_made_private()
    {
        var created = await SendAsync(_client.PostAsJsonAsync("/api/v1/monitors", new { name = "public", url = "https://shop.example/health", @public = true }), HttpStatusCode.Created);
        var id = (string)created["id"]!;
        var publicId = (string)created["publicId"]!;
        Assert.True((bool)created["public"]!);
        Assert.Matches("^[A-Za-z0-9_-]{22,}$", publicId);
        Assert.DoesNotContain(id.Replace("-", ""), publicId);

        var renamed = await PatchAsync(id, """{"name":"renamed"}""");
        Assert.Equal(publicId, (string?)renamed["publicId"]);
        var sentBack = created.AsObject();
        sentBack["publicId"] = "chosen-by-the-client-000000";
        var replaced = await SendAsync(_client.PutAsync($"/api/v1/monitors/{id}", new StringContent(sentBack.ToJsonString(), Encoding.UTF8, "application/json")), HttpStatusCode.OK);
        Assert.Equal(publicId, (string?)replaced["publicId"]);

        var hidden = await PatchAsync(id, """{"public":false}""");
        Assert.Null((string?)hidden["publicId"]);
        var again = await PatchAsync(id, """{"public":true}""");
        Assert.NotEqual(publicId, (string?)again["publicId"]);
    }
}
