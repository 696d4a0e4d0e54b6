using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Sentinel.Api.Tests;

public sealed class KeyApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _admin = api.CreateAuthorizedClient();

    private async Task<(string Id, string Key)> CreateKeyAsync(string scope)
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/keys", new { name = $"{scope} key", scope });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return ((string)body["id"]!, (string)body["key"]!);
    }

    private HttpClient ClientWith(string key, bool bearer = false)
    {
        var client = api.CreateClient();
        if (bearer)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        else
        {
            client.DefaultRequestHeaders.Add("X-API-Key", key);
        }

        return client;
    }

    [Fact]
    public async Task A_read_key_can_read_but_not_write()
    {
        var (_, key) = await CreateKeyAsync("read");
        var reader = ClientWith(key);

        Assert.Equal(HttpStatusCode.OK, (await reader.GetAsync("/api/v1/monitors")).StatusCode);
        var write = await reader.PostAsJsonAsync("/api/v1/monitors", new { name = "x", url = "https://a.example/" });
        Assert.Equal(HttpStatusCode.Forbidden, write.StatusCode);
        Assert.Equal("application/problem+json", write.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Forbidden, (await reader.PostAsJsonAsync("/api/v1/keys", new { name = "escalate", scope = "write" })).StatusCode);
    }

    [Fact]
    public async Task A_write_key_works_as_a_bearer_token_too()
    {
        var (_, key) = await CreateKeyAsync("write");

        var created = await ClientWith(key, bearer: true).PostAsJsonAsync("/api/v1/monitors", new { name = "x", url = "https://a.example/" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_the_next_request()
    {
        var (id, key) = await CreateKeyAsync("write");
        var client = ClientWith(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/monitors")).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await _admin.DeleteAsync($"/api/v1/keys/{id}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/monitors")).StatusCode);
    }

    [Fact]
    public async Task Keys_are_listed_with_their_last_use_but_never_the_key_itself()
    {
        var (id, key) = await CreateKeyAsync("read");
        await ClientWith(key).GetAsync("/api/v1/channels");

        var listing = await _admin.GetStringAsync("/api/v1/keys");

        Assert.DoesNotContain(key, listing);
        var entry = JsonNode.Parse(listing)!["items"]!.AsArray().Single(k => (string?)k!["id"] == id)!;
        Assert.Equal("read", (string?)entry["scope"]);
        Assert.Equal(key[..10], (string?)entry["prefix"]);
        Assert.NotNull(entry["lastUsedAt"]);
        Assert.Null(entry["key"]);
    }

    [Fact]
    public async Task A_key_request_names_its_bad_fields()
    {
        var response = await _admin.PostAsJsonAsync("/api/v1/keys", new { name = "", scope = "admin" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!;
        Assert.NotNull(errors["name"]);
        Assert.NotNull(errors["scope"]);
    }
}

/// <summary>The API with limits small enough to reach in a test.</summary>
public sealed class TightlyLimitedApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string>
    {
        ["Api:RateLimits:WritesPerMinute"] = "5",
        ["Api:RateLimits:KeyCreationsPerHour"] = "2",
        ["Api:RateLimits:FailedAuthenticationsPerMinute"] = "3",
        ["Api:MaxRequestBodyBytes"] = "4096",
    };
}

public sealed class RateLimitTests(TightlyLimitedApiFactory api) : IClassFixture<TightlyLimitedApiFactory>
{
    [Fact]
    public async Task Writes_past_the_limit_get_429_with_retry_after_while_reads_go_on()
    {
        var (client, _) = await NewWriteKeyAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/monitors", new { name = $"m{i}", url = "https://a.example/" })).StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.Created));
        var limited = await client.PostAsJsonAsync("/api/v1/monitors", new { name = "over", url = "https://a.example/" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/monitors")).StatusCode);
    }

    [Fact]
    public async Task Key_creation_has_its_own_tighter_limit()
    {
        var (client, _) = await NewWriteKeyAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            statuses.Add((await client.PostAsJsonAsync("/api/v1/keys", new { name = $"k{i}" })).StatusCode);
        }

        Assert.Equal([HttpStatusCode.Created, HttpStatusCode.Created, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task Repeated_failed_authentication_from_one_address_gets_429()
    {
        var stranger = api.CreateClient();
        stranger.DefaultRequestHeaders.Add("X-API-Key", "guessing-0123456789abcdef");

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await stranger.GetAsync("/api/v1/monitors")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Unauthorized, statuses[0]);
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }

    [Fact]
    public async Task An_oversized_body_is_refused_and_writes_nothing()
    {
        var client = api.CreateAuthorizedClient();

        var response = await client.PostAsJsonAsync("/api/v1/monitors", new { name = new string('x', 10_000), url = "https://a.example/" });

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<(HttpClient Client, string Key)> NewWriteKeyAsync()
    {
        var created = JsonNode.Parse(await (await api.CreateAuthorizedClient().PostAsJsonAsync("/api/v1/keys", new { name = "limited", scope = "write" })).Content.ReadAsStringAsync())!;
        var client = api.CreateClient();
        var key = (string)created["key"]!;
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return (client, key);
    }
}
