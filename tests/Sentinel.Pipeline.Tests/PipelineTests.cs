using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>What a user sees through the API while every service runs as its own process on the real broker and database.</summary>
[Collection(PipelineCollection.Name)]
public sealed class PipelineTests(RunningSystem system)
{
    private readonly HttpClient _api = system.Api;

    private async Task<JsonElement> CreateMonitorAsync(string url, int intervalSeconds = 1, string name = "pipeline")
    {
        var response = await _api.PostAsJsonAsync("/api/v1/monitors", new { name, url, intervalSeconds, timeoutSeconds = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task<JsonElement> GetMonitorAsync(string id) => await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}");

    private async Task<JsonElement[]> HistoryAsync(string id) =>
        (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/history?limit=1000")).GetProperty("items").EnumerateArray().ToArray();

    private Task<JsonElement> StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => GetMonitorAsync(id), m => m.Str("status") == status, $"monitor {id} to be {status}\n{system.Logs()}");

    [Fact]
    public async Task A_new_http_monitor_is_checked_at_once_rather_than_after_its_interval()
    {
        await using var target = await TestTarget.StartAsync();

        var id = (await CreateMonitorAsync(target.Url, intervalSeconds: 600)).Str("id");

        var history = await Eventually.Until(() => HistoryAsync(id), h => h.Length >= 1, "the first recorded check");
        var first = history[^1];
        Assert.Equal("up", first.Str("status"));
        Assert.Equal(200, first.GetProperty("statusCode").GetInt32());
        Assert.True(first.GetProperty("latencyMs").GetDouble() > 0);
        // Due the moment it was created, not an interval later. How soon after that it ran depends on how busy the
        // machine is (well under a second when idle, see docs/operations.md), so that is not what is asserted.
        await using var db = system.Database.CreateDbContext();
        var createdAt = await db.Monitors.Where(m => m.Id == Guid.Parse(id)).Select(m => m.CreatedAt).SingleAsync();
        var stored = await db.RecordedChecks.Where(r => r.MonitorId == Guid.Parse(id)).ToListAsync();
        Assert.Equal(createdAt, stored.Single(r => r.CheckId == Guid.Parse(first.Str("checkId"))).ScheduledAt);
        var status = await StatusBecomesAsync(id, "up");
        Assert.NotEqual(JsonValueKind.Null, status.GetProperty("lastCheckedAt").ValueKind);
    }

    [Fact]
    public async Task The_scheduler_carries_the_request_options_and_retries_to_the_checker()
    {
        await using var target = await TestTarget.StartAsync();
        target.FailNext = 1;

        var response = await _api.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "search", url = target.Url, intervalSeconds = 600, timeoutSeconds = 2, method = "POST", body = "q=health",
            contentType = "application/x-www-form-urlencoded", bearerToken = "pipeline-token", retries = 1,
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("id");

        // The first attempt's 503 is retried within the same check, so the monitor is never down.
        var history = await Eventually.Until(() => HistoryAsync(id), h => h.Length >= 1, "the first recorded check");
        Assert.Equal("up", history[^1].Str("status"));
        Assert.Equal(2, target.Requests);
        var (method, headers, body) = target.LastRequest!.Value;
        Assert.Equal(("POST", "q=health"), (method, body));
        Assert.Equal("application/x-www-form-urlencoded", headers["Content-Type"]);
        Assert.Equal("Bearer pipeline-token", headers["Authorization"]);
    }

    [Fact]
    public async Task A_tcp_monitor_follows_its_port()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var id = (await CreateMonitorAsync($"tcp://127.0.0.1:{port}")).Str("id");
        await StatusBecomesAsync(id, "up");

        listener.Stop();
        await StatusBecomesAsync(id, "down");
        var latest = (await HistoryAsync(id))[0];
        Assert.Contains("refused", latest.Str("error"), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_monitor_goes_down_with_its_target_and_back_up_when_it_recovers()
    {
        await using var target = await TestTarget.StartAsync();
        var id = (await CreateMonitorAsync(target.Url)).Str("id");
        await StatusBecomesAsync(id, "up");

        target.StatusCode = 500;
        await StatusBecomesAsync(id, "down");
        Assert.Equal("unexpected status code 500", (await HistoryAsync(id))[0].Str("error"));

        await target.SwitchOffAsync();
        await Eventually.Until(() => HistoryAsync(id), h => h[0].Str("error").Contains("refused", StringComparison.OrdinalIgnoreCase), "a refused check");

        target.StatusCode = 200;
        await target.SwitchOnAsync();
        await StatusBecomesAsync(id, "up");
    }

    [Fact]
    public async Task An_update_applies_from_the_next_check()
    {
        await using var target = await TestTarget.StartAsync();
        target.StatusCode = 418;
        var id = (await CreateMonitorAsync(target.Url, intervalSeconds: 600)).Str("id");
        await StatusBecomesAsync(id, "down");

        var response = await _api.PutAsJsonAsync($"/api/v1/monitors/{id}", new { name = "teapot", url = target.Url, intervalSeconds = 600, expectedStatusCodes = new[] { 418 } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // Ten minutes to the next check under the old schedule: only an immediate check can turn it up in time.
        await StatusBecomesAsync(id, "up");
    }

    [Fact]
    public async Task After_delete_no_further_check_runs_and_the_history_is_gone()
    {
        await using var target = await TestTarget.StartAsync();
        var id = (await CreateMonitorAsync(target.Url)).Str("id");
        await Eventually.Until(() => HistoryAsync(id), h => h.Length >= 2, "two recorded checks");
        await using var db = system.Database.CreateDbContext();
        var firstDue = await db.Monitors.Where(m => m.Id == Guid.Parse(id)).Select(m => m.CreatedAt).SingleAsync();

        Assert.Equal(HttpStatusCode.NoContent, (await _api.DeleteAsync($"/api/v1/monitors/{id}")).StatusCode);
        var deletedBy = DateTime.UtcNow;

        // Checks already sent may still land, however late, but only checks due before the delete: one a second
        // from the creation on. A monitor created after the delete and checked four times has had due times three
        // seconds past it, so a deleted monitor still being scheduled would have gone over this by then.
        var mostChecks = (int)Math.Floor((deletedBy - firstDue).TotalSeconds) + 1;
        await using var witness = await TestTarget.StartAsync();
        var witnessId = (await CreateMonitorAsync(witness.Url, name: "created after a delete")).Str("id");
        await Eventually.Until(() => HistoryAsync(witnessId), h => h.Length >= 4, "four checks of a monitor created after the delete");
        await _api.DeleteAsync($"/api/v1/monitors/{witnessId}");

        Assert.InRange(target.Requests, 2, mostChecks);
        Assert.Equal(HttpStatusCode.NotFound, (await _api.GetAsync($"/api/v1/monitors/{id}/history")).StatusCode);
        Assert.False(await db.RecordedChecks.AnyAsync(r => r.MonitorId == Guid.Parse(id)));
    }

    [Fact]
    public async Task Two_checkers_share_the_work_and_two_schedulers_do_not_double_it()
    {
        await using var target = await TestTarget.StartAsync();
        var checkers = system.Checkers;
        Assert.Equal(2, checkers.Count);
        // Only successful http checks: monitors other tests left on dead targets keep the checkers busy too.
        Task<double[]> ChecksRunAsync() => Task.WhenAll(checkers.Select(c => RunningSystem.ScrapeCounterAsync(c, "sentinel_checks_total", "kind=\"http\",result=\"up\"")));
        var before = await ChecksRunAsync();

        var ids = new List<Guid>();
        for (var i = 0; i < 20; i++)
        {
            ids.Add(Guid.Parse((await CreateMonitorAsync(target.Url, name: $"shared-{i}")).Str("id")));
        }

        await using var db = system.Database.CreateDbContext();
        await Eventually.Until(
            () => db.RecordedChecks.Where(r => ids.Contains(r.MonitorId)).GroupBy(r => r.MonitorId).Select(g => g.Count()).ToListAsync(),
            counts => counts.Count == ids.Count && counts.All(n => n >= 3),
            $"three recorded checks of each of {ids.Count} monitors\n{system.Logs()}");
        await Eventually.Until(
            ChecksRunAsync, after => after.Zip(before).All(pair => pair.First > pair.Second), $"both checkers to run checks\n{system.Logs()}");

        var interval = TimeSpan.FromSeconds(1);
        var results = await db.RecordedChecks.AsNoTracking().Where(r => ids.Contains(r.MonitorId)).ToListAsync();
        foreach (var perMonitor in results.GroupBy(r => r.MonitorId))
        {
            // Each due time is claimed by one scheduler, which sends its check no earlier and moves the next due
            // time at least an interval on: a slot both schedulers claimed shows as due times less than an interval apart.
            Assert.All(perMonitor, r => Assert.True(r.ScheduledAt <= r.CheckedAt, $"check {r.CheckId} due at {r.ScheduledAt:O} ran at {r.CheckedAt:O}"));
            var dueTimes = perMonitor.Select(r => r.ScheduledAt).Order().ToList();
            var gaps = dueTimes.Zip(dueTimes.Skip(1), (earlier, later) => later - earlier).ToList();
            Assert.True(gaps.All(gap => gap >= interval), $"monitor {perMonitor.Key} has due times less than {interval} apart: {string.Join(", ", dueTimes.Select(t => t.ToString("O")))}");
        }
    }
}
