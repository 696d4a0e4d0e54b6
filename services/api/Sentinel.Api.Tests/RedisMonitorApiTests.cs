using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;

namespace Sentinel.Api.Tests;

public sealed class RedisMonitorApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Password = "correct-horse-battery";
    private const string Url = $"redis://monitor:{Password}@cache.internal:6380/2";
    private const string MaskedUrl = "redis://monitor:%E2%80%A6tery@cache.internal:6380/2";

    private readonly HttpClient _client = api.CreateAuthorizedClient();

    [Fact]
    public async Task A_redis_monitor_is_created_and_its_password_is_masked_in_every_answer()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cache", url = Url, conditions = new[] { "[RESPONSE_TIME] < 50" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Password, body);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal(("check", "redis", MaskedUrl), (created.Type, (string?)JsonNode.Parse(body)!["kind"], created.Spec<RedisCheck>().Url));
        Assert.DoesNotContain(Password, await _client.GetStringAsync($"/api/v1/monitors/{created.Id}"));
        Assert.DoesNotContain(Password, await _client.GetStringAsync("/api/v1/monitors"));
        Assert.Equal(Url, (await StoredAsync(created.Id)).Url);
    }

    [Fact]
    public async Task Sending_the_masked_URL_back_keeps_the_password_and_a_new_one_replaces_it()
    {
        var created = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cache", url = Url })).ReadAsync<MonitorResponse>();

        var renamed = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new { name = "sessions", url = created.Spec<RedisCheck>().Url });

        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        Assert.Equal(MaskedUrl, (await renamed.ReadAsync<MonitorResponse>()).Spec<RedisCheck>().Url);
        var kept = await StoredAsync(created.Id);
        Assert.Equal((Url, ("monitor", Password), 2), (kept.Url, kept.Credentials(), kept.Database()));

        var changed = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new { name = "sessions", url = "redis://:a-new-password@cache.internal:6380/2" });

        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        var replaced = await StoredAsync(created.Id);
        Assert.Equal((null, "a-new-password"), replaced.Credentials());
    }

    public static TheoryData<string, string> BadUrls => new()
    {
        { "redis://monitor@cache.internal:6379", "A redis:// URL with a user needs its password after a colon" },
        { "redis://monitor:@cache.internal:6379", "A redis:// URL with a user needs its password after a colon" },
        { $"redis://:{Password}@cache.internal:6379/sessions", "A redis:// URL's path is the database number only" },
        { $"rediss://:{Password}@cache.internal:6379/-1", "A rediss:// URL's path is the database number only" },
        { $"redis://:{Password}@cache.internal:6379/0?timeout=5", "without query or fragment" },
        { $"redis://:{Password}@cache.internal:0", "A redis:// URL's port is between 1 and 65535" },
        { $"redis://:{Password}@cache internal:6379", "The URL is not an absolute URL with a host; percent-encode" },
    };

    [Theory]
    [MemberData(nameof(BadUrls))]
    public async Task A_bad_redis_URL_is_refused_with_the_reason_and_without_repeating_the_password(string url, string reason)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cache", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, (string?)JsonNode.Parse(body)!["errors"]!["url"]![0]);
        Assert.DoesNotContain(Password, body);
    }

    [Fact]
    public async Task Http_options_and_placeholders_a_redis_check_does_not_have_are_refused()
    {
        var token = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cache", url = "redis://cache.internal", bearerToken = "t" });
        var status = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cache", url = "redis://cache.internal", conditions = new[] { "[STATUS] == 200" } });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (token.StatusCode, status.StatusCode));
        Assert.NotNull(JsonNode.Parse(await token.Content.ReadAsStringAsync())!["errors"]!["bearerToken"]);
        Assert.Equal("[STATUS] does not apply to redis:// checks, only to http:// and https:// (at 1)",
            (string?)JsonNode.Parse(await status.Content.ReadAsStringAsync())!["errors"]!["conditions[0]"]![0]);
    }

    private async Task<RedisCheck> StoredAsync(Guid id)
    {
        await using var db = api.Database.CreateDbContext();
        return (RedisCheck)(await db.Monitors.SingleAsync(m => m.Id == id)).Check;
    }
}
