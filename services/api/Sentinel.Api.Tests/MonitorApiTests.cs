using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests;

public sealed class MonitorApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private Task<HttpResponseMessage> PostAsync(object body) => _client.PostAsJsonAsync("/api/v1/monitors", body);

    private async Task<MonitorResponse> CreateAsync(string name = "checkout", string url = "https://shop.example/health", bool enabled = true)
    {
        var response = await PostAsync(new { name, url, enabled });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.ReadAsync<MonitorResponse>();
    }

    [Fact]
    public async Task Creating_a_monitor_answers_201_with_its_location_defaults_and_pending_status()
    {
        var response = await PostAsync(new
        {
            name = "checkout", url = "https://shop.example/health", intervalSeconds = 30, timeoutSeconds = 5,
            headers = new Dictionary<string, string> { ["Accept"] = "application/json" }, expectedStatusCodes = new[] { 200, 204 },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal($"/api/v1/monitors/{created.Id}", response.Headers.Location?.ToString());
        Assert.Equal(("checkout", 30, 5, true, "GET", 1, 1), (created.Name, created.IntervalSeconds, created.Spec<ProbeCheck>().TimeoutSeconds, created.Enabled, created.Spec<HttpCheck>().Method, created.FailureThreshold, created.SuccessThreshold));
        Assert.Equal([200, 204], created.Spec<HttpCheck>().ExpectedStatusCodes);
        Assert.Equal("application/json", created.Spec<HttpCheck>().Headers["Accept"]);
        Assert.Equal(MonitorStatusName.Pending, created.Status);
        Assert.Null(created.LastCheckedAt);

        var json = JsonNode.Parse(await (await _client.GetAsync(response.Headers.Location)).Content.ReadAsStringAsync())!;
        Assert.Equal("pending", (string?)json["status"]);
        Assert.Equal(created.Id.ToString(), (string?)json["id"]);
        Assert.NotNull(json["createdAt"]);
        Assert.NotNull(json["updatedAt"]);
    }

    [Fact]
    public async Task A_disabled_monitor_is_paused()
    {
        var created = await CreateAsync(enabled: false);

        Assert.Equal(MonitorStatusName.Paused, created.Status);
    }

    [Fact]
    public async Task Lists_page_with_a_cursor_until_next_is_null()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await CreateAsync($"paged-{i}")).Id);
        }

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await (await _client.GetAsync($"/api/v1/monitors?limit=2{(cursor is null ? "" : "&cursor=" + cursor)}")).ReadAsync<Page<MonitorResponse>>();
            Assert.InRange(page.Items.Count, 1, 2);
            seen.AddRange(page.Items.Select(m => m.Id));
            cursor = page.Next;
            pages++;
        }
        while (cursor is not null && pages < 100);

        Assert.Subset(seen.ToHashSet(), ids.ToHashSet());
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Updating_replaces_the_monitor_and_moves_its_next_check_to_now()
    {
        var created = await CreateAsync();
        await using (var db = api.Database.CreateDbContext())
        {
            await db.MonitorSchedules.Where(s => s.MonitorId == created.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.NextCheckAt, DateTime.UtcNow.AddHours(1)));
        }

        var response = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new { name = "renamed", url = "tcp://db.internal:5432", intervalSeconds = 10 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var updated = await response.ReadAsync<MonitorResponse>();
        Assert.Equal(("renamed", "tcp://db.internal:5432", 10, 10), (updated.Name, updated.Spec<ProbeCheck>().Url, updated.IntervalSeconds, updated.Spec<ProbeCheck>().TimeoutSeconds));
        Assert.True(updated.UpdatedAt > created.UpdatedAt);
        await using var check = api.Database.CreateDbContext();
        Assert.True((await check.MonitorSchedules.SingleAsync(s => s.MonitorId == created.Id)).NextCheckAt <= DateTime.UtcNow);
    }

    [Fact]
    public async Task A_field_the_kind_does_not_take_is_named_beside_every_other_problem()
    {
        var response = await PostAsync(new { name = "checkout", url = "tcp://db.internal:5432", intervalSeconds = 10, timeoutSeconds = 99, method = "POST", bogus = 1 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!.AsObject();
        Assert.Equal(["bogus", "method", "timeoutSeconds"], errors.Select(e => e.Key).Order());
        Assert.Equal("Unknown field.", (string?)errors["bogus"]![0]);
        Assert.StartsWith("Only for http:// and https:// monitors", (string?)errors["method"]![0]);
    }

    [Fact]
    public async Task Http_options_and_retries_are_stored_and_default_sensibly()
    {
        var defaults = await CreateAsync();
        Assert.Equal((null, null, null, null, true, true, 0),
            (defaults.Spec<HttpCheck>().Body, defaults.Spec<HttpCheck>().ContentType, defaults.Spec<HttpCheck>().BasicAuth, defaults.Spec<HttpCheck>().BearerToken, defaults.Spec<HttpCheck>().FollowRedirects, defaults.Spec<HttpCheck>().VerifyTls, defaults.Spec<ProbeCheck>().Retries));

        var response = await PostAsync(new
        {
            name = "search", url = "https://shop.example/search", method = "POST", body = new string('x', 32 * 1024),
            followRedirects = false, verifyTls = false, retries = 3, intervalSeconds = 60, timeoutSeconds = 10,
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal(("application/json", false, false, 3), (created.Spec<HttpCheck>().ContentType, created.Spec<HttpCheck>().FollowRedirects, created.Spec<HttpCheck>().VerifyTls, created.Spec<ProbeCheck>().Retries));
        Assert.Equal(32 * 1024, created.Spec<HttpCheck>().Body!.Length);
        var tooLarge = await PostAsync(new { name = "search", url = "https://shop.example/search", body = new string('x', 32 * 1024 + 1) });
        Assert.Equal(HttpStatusCode.BadRequest, tooLarge.StatusCode);
        Assert.NotNull(JsonNode.Parse(await tooLarge.Content.ReadAsStringAsync())!["errors"]!["body"]);
    }

    [Fact]
    public async Task Credentials_are_never_shown_and_sending_the_masked_value_back_keeps_them()
    {
        var response = await PostAsync(new
        {
            name = "admin", url = "https://shop.example/admin", basicAuth = new { username = "monitor", password = "correct-horse-battery" },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        Assert.Equal(("monitor", "…tery"), (created.Spec<HttpCheck>().BasicAuth!.Username, created.Spec<HttpCheck>().BasicAuth!.Password));

        var shown = await _client.GetStringAsync($"/api/v1/monitors/{created.Id}");
        Assert.DoesNotContain("correct-horse", shown);

        var kept = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new
        {
            name = "admin", url = "https://shop.example/admin", basicAuth = new { username = "monitor", password = created.Spec<HttpCheck>().BasicAuth!.Password },
        });
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        await using (var db = api.Database.CreateDbContext())
        {
            Assert.Equal("correct-horse-battery", ((HttpCheck)(await db.Monitors.SingleAsync(m => m.Id == created.Id)).Check).BasicAuth!.Password);
        }

        var switched = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new
        {
            name = "admin", url = "https://shop.example/admin", bearerToken = "eyJhbGciOiJIUzI1NiJ9.payload.sig-Z9",
        });
        var updated = await switched.ReadAsync<MonitorResponse>();
        Assert.Equal(("…g-Z9", null), (updated.Spec<HttpCheck>().BearerToken, updated.Spec<HttpCheck>().BasicAuth));
        Assert.DoesNotContain("payload", await _client.GetStringAsync("/api/v1/monitors"));
        await using var check = api.Database.CreateDbContext();
        var stored = (HttpCheck)(await check.Monitors.SingleAsync(m => m.Id == created.Id)).Check;
        Assert.Equal(("eyJhbGciOiJIUzI1NiJ9.payload.sig-Z9", null), (stored.BearerToken, stored.BasicAuth));
    }

    [Fact]
    public async Task Deleting_a_monitor_removes_it_and_its_history()
    {
        var created = await CreateAsync();
        await SeedResultsAsync(created.Id, 3);

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/monitors/{created.Id}")).StatusCode);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/monitors/{created.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.DeleteAsync($"/api/v1/monitors/{created.Id}")).StatusCode);
        await using var db = api.Database.CreateDbContext();
        Assert.False(await db.RecordedChecks.AnyAsync(r => r.MonitorId == created.Id));
    }

    [Fact]
    public async Task History_is_newest_first_filtered_by_time_and_paged()
    {
        var created = await CreateAsync();
        var times = await SeedResultsAsync(created.Id, 5);

        var all = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history")).ReadAsync<Page<CheckResultResponse>>();
        Assert.Equal(times.OrderDescending(), all.Items.Select(i => i.CheckedAt));
        Assert.Null(all.Next);
        Assert.Equal(CheckStatus.Down, all.Items[0].Status);
        Assert.Equal("unexpected status code 503", all.Items[0].Error);
        Assert.Equal(503, all.Items[0].StatusCode);

        var first = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?limit=2")).ReadAsync<Page<CheckResultResponse>>();
        var second = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?limit=2&cursor={first.Next}")).ReadAsync<Page<CheckResultResponse>>();
        Assert.Equal(all.Items.Take(4).Select(i => i.CheckId), first.Items.Concat(second.Items).Select(i => i.CheckId));

        var from = Uri.EscapeDataString(times[1].ToString("O"));
        var to = Uri.EscapeDataString(times[3].ToString("O"));
        var window = await (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?from={from}&to={to}")).ReadAsync<Page<CheckResultResponse>>();
        Assert.Equal([times[3], times[2], times[1]], window.Items.Select(i => i.CheckedAt));
    }

    [Fact]
    public async Task Api_routes_need_the_key_but_health_and_metrics_do_not()
    {
        var anonymous = api.CreateClient();

        var missing = await anonymous.GetAsync("/api/v1/monitors");
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal("application/problem+json", missing.Content.Headers.ContentType?.MediaType);

        anonymous.DefaultRequestHeaders.Add("X-API-Key", "wrong-key-0123456789");
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsJsonAsync("/api/v1/monitors", new { name = "x", url = "http://a.example/" })).StatusCode);

        var health = await api.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        var report = JsonNode.Parse(await health.Content.ReadAsStringAsync())!;
        Assert.Equal("healthy", (string?)report["checks"]!["database"]!["status"]);
        Assert.Equal("healthy", (string?)report["checks"]!["masstransit-bus"]!["status"]);

        await CreateAsync();
        var metrics = await api.CreateClient().GetStringAsync("/metrics");
        Assert.Contains("sentinel_monitors_up", metrics);
        // Only the series' presence: every API instance in this test process shares prometheus-net's static
        // registry, so the value may come from another fixture's database.
        Assert.Matches(@"sentinel_monitors\{status=""pending""\} \d", metrics);
    }

    public static TheoryData<string, string> BadBodies => new()
    {
        { """{"name":"x","url":"not a url"}""", "url" },
        { """{"name":"x","url":"ftp://files.example/"}""", "url" },
        { """{"url":"https://a.example/"}""", "name" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":0}""", "intervalSeconds" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":86401}""", "intervalSeconds" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":5,"timeoutSeconds":10}""", "timeoutSeconds" },
        { """{"name":"x","url":"https://a.example/","method":"TRACE"}""", "method" },
        { """{"name":"x","url":"https://a.example/","expectedStatusCodes":[99]}""", "expectedStatusCodes" },
        { """{"name":"x","url":"https://a.example/","failureThreshold":0}""", "failureThreshold" },
        { """{"name":"x","url":"https://a.example/","headers":{"Bad Header":"v"}}""", "headers" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":"often"}""", "intervalSeconds" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":"60"}""", "intervalSeconds" },
        { """{"name":"x","url":"https://a.example/","timeoutSeconds":"5"}""", "timeoutSeconds" },
        { """{"name":"x","url":"https://a.example/","name":"y"}""", "$" },
        { """{"name":"x","url":"https://a.example/",""", "$" },
        { """[1,2]""", "$" },
        { """{"name":"x","url":"https://a.example/","intervalSecond":5}""", "intervalSecond" },
        { """{"name":"x","url":"https://a.example/","retries":6}""", "retries" },
        { """{"name":"x","url":"https://a.example/","retries":-1}""", "retries" },
        { """{"name":"x","url":"https://a.example/","intervalSeconds":30,"timeoutSeconds":10,"retries":2}""", "retries" },
        { """{"name":"x","url":"https://a.example/","contentType":"text/plain"}""", "contentType" },
        { """{"name":"x","url":"https://a.example/","body":"{}","contentType":"not a type"}""", "contentType" },
        { """{"name":"x","url":"https://a.example/","bearerToken":"a b"}""", "bearerToken" },
        { """{"name":"x","url":"https://a.example/","bearerToken":"t","basicAuth":{"username":"u","password":"p"}}""", "bearerToken" },
        { """{"name":"x","url":"https://a.example/","basicAuth":{"username":"u:v","password":"p"}}""", "basicAuth.username" },
        { """{"name":"x","url":"https://a.example/","basicAuth":{"username":"u"}}""", "basicAuth.password" },
        { """{"name":"x","url":"https://a.example/","bearerToken":"t","headers":{"authorization":"Basic x"}}""", "headers" },
        { """{"name":"x","url":"tcp://db.internal:5432","body":"{}"}""", "body" },
        { """{"name":"x","url":"tcp://db.internal:5432","followRedirects":false}""", "followRedirects" },
        { """{"name":"x","url":"tls://db.internal:5432","verifyTls":false}""", "verifyTls" },
        { """{"name":"x","url":"tcp://db.internal:5432","bearerToken":"t"}""", "bearerToken" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Bad_input_is_a_problem_naming_the_field_and_writes_nothing(string body, string field)
    {
        var before = await CountMonitorsAsync();

        var response = await _client.PostAsync("/api/v1/monitors", new StringContent(body, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.NotNull(problem["errors"]![field]);
        Assert.Equal(before, await CountMonitorsAsync());
    }

    [Fact]
    public async Task Unknown_ids_and_bad_queries_are_problems_too()
    {
        var unknown = await _client.GetAsync($"/api/v1/monitors/{Guid.NewGuid()}");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("application/problem+json", unknown.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync("/api/v1/monitors/not-an-id")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _client.PutAsJsonAsync($"/api/v1/monitors/{Guid.NewGuid()}", new { name = "x", url = "https://a.example/" })).StatusCode);

        var badCursor = await _client.GetAsync("/api/v1/monitors?cursor=nonsense");
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
        Assert.NotNull(JsonNode.Parse(await badCursor.Content.ReadAsStringAsync())!["errors"]!["cursor"]);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync("/api/v1/monitors?limit=0")).StatusCode);

        var created = await CreateAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?cursor=abc")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?cursor={new string('.', 32)}")).StatusCode);
        // A cursor of the earlier (checked at, check id) form, 24 bytes.
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?cursor={new string('A', 32)}")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _client.GetAsync($"/api/v1/monitors/{created.Id}/history?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z")).StatusCode);
        var unsupported = await _client.PostAsync("/api/v1/monitors", new StringContent("name=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, unsupported.StatusCode);
    }

    private async Task<int> CountMonitorsAsync()
    {
        await using var db = api.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }

    /// <summary>History as the recorder would have written it: the oldest results up, the newest down.</summary>
    private async Task<List<DateTime>> SeedResultsAsync(Guid monitorId, int count)
    {
        var start = DateTime.UtcNow.AddMinutes(-count);
        var times = Enumerable.Range(0, count).Select(i => TruncateToMicroseconds(start.AddSeconds(i * 30))).ToList();
        await StoredResult.AddAsync(api.Database, times.Select((t, i) => i == count - 1
            ? new StoredResult(monitorId, t, CheckStatus.Down, 10 + i, 503, ["unexpected status code 503"])
            : new StoredResult(monitorId, t, CheckStatus.Up, 10 + i, 200)).ToArray());
        return times;
    }

    // PostgreSQL keeps microseconds; .NET ticks are a tenth of that.
    private static DateTime TruncateToMicroseconds(DateTime t) => new(t.Ticks - t.Ticks % 10, DateTimeKind.Utc);
}
