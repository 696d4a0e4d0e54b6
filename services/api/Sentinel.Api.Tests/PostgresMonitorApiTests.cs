using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Monitors;
using Sentinel.Checks.Kinds;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

public sealed class PostgresMonitorApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private const string Password = "correct-horse-battery";
    private const string Url = $"postgres://monitor:{Password}@10.20.30.40:5432/app?sslmode=require";

    private readonly HttpClient _client = api.CreateAuthorizedClient();

    [Fact]
    public async Task A_postgres_monitor_is_created_from_its_url_with_the_password_masked_everywhere_it_is_shown()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "orders db", url = Url, conditions = new[] { "[RESPONSE_TIME] < 500" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        var created = JsonNode.Parse(body)!;
        Assert.Equal(("check", "postgres", "postgres://monitor:%E2%80%A6tery@10.20.30.40:5432/app?sslmode=require"),
            ((string?)created["type"], (string?)created["kind"], (string?)created["url"]));
        Assert.DoesNotContain("correct-horse", body);
        Assert.DoesNotContain("correct-horse", await _client.GetStringAsync($"/api/v1/monitors/{created["id"]}"));
        Assert.DoesNotContain("correct-horse", await _client.GetStringAsync("/api/v1/monitors"));
        Assert.Equal(Url, (await StoredAsync((Guid)created["id"]!)).Url);
    }

    [Fact]
    public async Task Sending_the_masked_url_back_keeps_the_password_and_a_new_one_replaces_it()
    {
        var created = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "orders db", url = Url })).ReadAsync<MonitorResponse>();
        var shown = created.Spec<PostgresCheck>().Url;

        var kept = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new { name = "orders db (renamed)", url = shown });
        Assert.Equal(HttpStatusCode.OK, kept.StatusCode);
        Assert.Equal(Url, (await StoredAsync(created.Id)).Url);

        var changed = await _client.PutAsJsonAsync($"/api/v1/monitors/{created.Id}", new { name = "orders db", url = "postgres://monitor:new-s3cret-pass@10.20.30.40/app" });
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.Equal("postgres://monitor:%E2%80%A6pass@10.20.30.40/app", (await changed.ReadAsync<MonitorResponse>()).Spec<PostgresCheck>().Url);
        Assert.Equal("new-s3cret-pass", (await StoredAsync(created.Id)).Password);
    }

    [Theory]
    [InlineData("postgres://10.20.30.40:5432/app", "names the user to log in as")]
    [InlineData($"postgres://monitor:{Password}@10.20.30.40:5432", "names one database after the host")]
    [InlineData($"postgres://monitor:{Password}@10.20.30.40/app?sslmode=allow", "takes only ?sslmode=, one of disable, prefer, require, verify-full")]
    [InlineData($"postgres://monitor:{Password}@10.20.30.40/app?connect_timeout=3", "takes only ?sslmode=")]
    [InlineData("postgres://monitor:correct@horse@10.20.30.40/app", "percent-encode '@', ':' and '/'")]
    public async Task A_bad_postgres_url_is_refused_with_the_reason_and_without_the_password(string url, string reason)
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "orders db", url });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains(reason, (string)JsonNode.Parse(body)!["errors"]!["url"]![0]!);
        Assert.DoesNotContain("horse", body);
    }

    [Fact]
    public async Task A_postgres_monitor_of_sentinel_s_own_database_is_refused()
    {
        var database = new NpgsqlConnectionStringBuilder(TestInfrastructure.AdminConnectionString);

        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "own db", url = $"postgres://monitor:{Password}@{database.Host}:{database.Port}/sentinel" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("Sentinel's own", (string)JsonNode.Parse(body)!["errors"]!["url"]![0]!);
        Assert.DoesNotContain("horse", body);
    }

    [Fact]
    public async Task A_query_and_conditions_on_its_result_are_saved_and_a_query_that_is_not_a_select_is_refused()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "replication lag", url = Url, query = " SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp()); ",
            conditions = new[] { "[RESULT] < 30" },
        });
        var deleting = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "cleanup", url = Url, query = "DELETE FROM jobs" });
        var onHttp = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "shop", url = "https://10.20.30.40/", query = "SELECT 1", conditions = new[] { "[RESULT] == 1" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = (await response.ReadAsync<MonitorResponse>()).Spec<PostgresCheck>();
        Assert.Equal("SELECT extract(epoch FROM now() - pg_last_xact_replay_timestamp())", created.Query);
        Assert.Equal(["[RESULT] < 30"], created.Conditions);
        Assert.Equal(HttpStatusCode.BadRequest, deleting.StatusCode);
        Assert.StartsWith("Must be one SELECT", (string)JsonNode.Parse(await deleting.Content.ReadAsStringAsync())!["errors"]!["query"]![0]!);
        Assert.Equal(HttpStatusCode.BadRequest, onHttp.StatusCode);
        var refused = JsonNode.Parse(await onHttp.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Equal("Only for postgres:// and postgresql:// monitors, not http checks.", (string)refused["query"]![0]!);
    }

    [Fact]
    public async Task Http_fields_are_refused_on_a_postgres_monitor()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "orders db", url = Url, bearerToken = "t" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("Only for http:// and https:// monitors, not postgres checks.",
            (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["bearerToken"]![0]!);
    }

    private async Task<PostgresCheck> StoredAsync(Guid id)
    {
        await using var db = api.Database.CreateDbContext();
        return (PostgresCheck)(await db.Monitors.SingleAsync(m => m.Id == id)).Check;
    }
}
