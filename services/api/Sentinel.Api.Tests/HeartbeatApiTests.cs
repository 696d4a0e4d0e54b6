using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RabbitMQ.Client;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

public sealed class HeartbeatApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<MonitorResponse> CreateHeartbeatAsync(object? body = null)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", body ?? new { name = "nightly backup", type = "heartbeat", intervalSeconds = 3600 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<MonitorResponse>();
    }

    [Fact]
    public async Task Creating_a_heartbeat_returns_its_token_and_ping_url_and_first_expects_a_ping_after_period_and_grace()
    {
        var before = DateTime.UtcNow;
        var created = await CreateHeartbeatAsync();

        Assert.Equal(("heartbeat", false, 3600, 60), (created.Type, created.Check!.ContainsKey("url"), created.IntervalSeconds, created.Spec<HeartbeatCheck>().GraceSeconds));
        Assert.NotNull(created.HeartbeatToken);
        Assert.True(created.HeartbeatToken.Length >= 22, "at least 128 bits in base64url");
        Assert.Matches("^[A-Za-z0-9_-]+$", created.HeartbeatToken);
        Assert.Equal($"/api/v1/heartbeats/{created.HeartbeatToken}", created.PingUrl);
        Assert.NotEqual(created.HeartbeatToken, (await CreateHeartbeatAsync()).HeartbeatToken);

        await using var db = api.Database.CreateDbContext();
        var stored = await db.MonitorSchedules.SingleAsync(s => s.MonitorId == created.Id);
        Assert.InRange(stored.NextCheckAt, before.AddSeconds(3660), DateTime.UtcNow.AddSeconds(3660));
    }

    [Fact]
    public async Task A_check_monitor_has_no_token_and_keeps_type_check_by_default()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "site", url = "https://shop.example/" });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(("check", null, null, null), ((string?)json["type"], (string?)json["heartbeatToken"], (string?)json["pingUrl"], (int?)json["graceSeconds"]));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task A_ping_with_the_token_answers_200_without_an_api_key_and_moves_the_deadline(string method)
    {
        var created = await CreateHeartbeatAsync(new { name = "cron", type = "heartbeat", intervalSeconds = 300, graceSeconds = 30 });
        using var anonymous = api.CreateClient();

        var before = DateTime.UtcNow;
        var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), created.PingUrl));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var ping = await response.ReadAsync<HeartbeatPingResponse>();
        Assert.True(ping.Recorded);
        Assert.InRange(ping.NextPingDueBy!.Value, before.AddSeconds(330), DateTime.UtcNow.AddSeconds(330));
        await using var db = api.Database.CreateDbContext();
        var stored = await db.Monitors.Include(m => m.Schedule).SingleAsync(m => m.Id == created.Id);
        Assert.Equal(ping.NextPingDueBy.Value, stored.Schedule!.NextCheckAt, TimeSpan.FromMilliseconds(1));
        Assert.NotNull(stored.LastPingAt);
    }

    [Fact]
    public async Task A_ping_s_result_shows_in_history_with_the_check_id_it_was_published_with()
    {
        var created = await CreateHeartbeatAsync();
        using var anonymous = api.CreateClient();
        // The first ping has the api declare the exchange the results go to; the test listens from then on.
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(created.PingUrl)).StatusCode);
        var broker = new ConnectionFactory
        {
            HostName = TestInfrastructure.RabbitMqHost, Port = int.Parse(TestInfrastructure.RabbitMqPort), UserName = TestInfrastructure.RabbitMqUsername,
            Password = TestInfrastructure.RabbitMqPassword, VirtualHost = TestInfrastructure.RabbitMqVirtualHost,
        };
        await using var connection = await broker.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var queue = (await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true)).QueueName;
        await channel.QueueBindAsync(queue, "Sentinel.Contracts:ChecksCompleted", "");

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(created.PingUrl)).StatusCode);

        // The publish was confirmed before the ping was answered, so it is in the queue (among other tests' pings, maybe).
        JsonNode? published = null;
        while (published is null && await channel.BasicGetAsync(queue, autoAck: true) is { } message)
        {
            published = JsonNode.Parse(message.Body.Span)!["message"]!["results"]!.AsArray()
                .FirstOrDefault(r => r!["monitorId"]!.GetValue<Guid>() == created.Id);
        }

        Assert.NotNull(published);
        // Stored as the recorder stores it: keyed by its due time, without the id.
        await StoredResult.AddAsync(api.Database, new StoredResult(created.Id, published["scheduledAt"]!.GetValue<DateTime>().ToUniversalTime(), CheckStatus.Up, 0));
        var history = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history")).ReadAsync<Page<CheckResultResponse>>();
        Assert.Equal(published["checkId"]!.GetValue<Guid>(), Assert.Single(history.Items).CheckId);
    }

    [Fact]
    public async Task An_unknown_token_is_a_404_problem()
    {
        using var anonymous = api.CreateClient();

        var response = await anonymous.PostAsync("/api/v1/heartbeats/no-such-token", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_ping_to_a_paused_heartbeat_is_accepted_but_ignored()
    {
        var created = await CreateHeartbeatAsync(new { name = "paused", type = "heartbeat", enabled = false });
        await using var db = api.Database.CreateDbContext();
        var due = (await db.MonitorSchedules.AsNoTracking().SingleAsync(s => s.MonitorId == created.Id)).NextCheckAt;

        var response = await api.CreateClient().GetAsync(created.PingUrl);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.False((await response.ReadAsync<HeartbeatPingResponse>()).Recorded);
        Assert.Equal(due, (await db.MonitorSchedules.AsNoTracking().SingleAsync(s => s.MonitorId == created.Id)).NextCheckAt);
    }

    [Fact]
    public async Task Probing_fields_on_a_heartbeat_are_refused_by_name()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "cron", type = "heartbeat", url = "https://shop.example/", conditions = new[] { "[STATUS] == 200" }, retries = 1,
            expectedStatusCodes = new[] { 200 }, method = "POST", verifyTls = false, timeoutSeconds = 5,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["conditions", "expectedStatusCodes", "method", "retries", "timeoutSeconds", "url", "verifyTls"], errors.Select(e => e.Key).Order());
        Assert.Contains("no URL", (string?)errors["url"]![0]);
    }

    [Theory]
    [InlineData("heartbeat", -1, "graceSeconds")]
    [InlineData("heartbeat", 86_401, "graceSeconds")]
    [InlineData("check", 10, "graceSeconds")]
    [InlineData("push", null, "type")]
    public async Task Bad_type_or_grace_is_refused(string type, int? graceSeconds, string field)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", type == "check"
            ? new { name = "x", type, url = (string?)"https://shop.example/", graceSeconds }
            : new { name = "x", type, url = (string?)null, graceSeconds });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]);
    }

    [Fact]
    public async Task A_heartbeat_keeps_its_token_across_updates_and_loses_it_on_becoming_a_check()
    {
        var created = await CreateHeartbeatAsync();

        var updated = await (await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}",
            new { name = "renamed", type = "heartbeat", intervalSeconds = 60, graceSeconds = 0 })).ReadAsync<MonitorResponse>();
        Assert.Equal((created.HeartbeatToken, 0), (updated.HeartbeatToken, updated.Spec<HeartbeatCheck>().GraceSeconds));

        var check = await (await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}",
            new { name = "renamed", url = "https://shop.example/" })).ReadAsync<MonitorResponse>();
        Assert.Equal(("check", "http", null, null), (check.Type, check.Spec<CheckSpec>().Kind.Name, check.HeartbeatToken, check.PingUrl));
        Assert.Equal(HttpStatusCode.NotFound, (await api.CreateClient().PostAsync(created.PingUrl, null)).StatusCode);
    }
}

public sealed class HeartbeatRateLimitTests(TightlyLimitedApiFactory api) : IClassFixture<TightlyLimitedApiFactory>
{
    [Fact]
    public async Task Unknown_tokens_past_the_failed_authentication_limit_get_429()
    {
        using var anonymous = api.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await anonymous.PostAsync($"/api/v1/heartbeats/guess-{i}", null)).StatusCode);
        }

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
    }
}
