using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>A heartbeat monitor through every service: pings over the api, the scheduler noticing their absence.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HeartbeatPipelineTests(RunningSystem system)
{
    private readonly HttpClient _api = system.Api;

    private async Task<JsonElement> GetMonitorAsync(string id) => await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}");

    [Fact]
    public async Task A_pinged_heartbeat_is_up_goes_down_when_the_pings_stop_and_comes_back_with_the_next_ping()
    {
        var response = await _api.PostAsJsonAsync("/api/v1/monitors", new { name = "cron job", type = "heartbeat", intervalSeconds = 2, graceSeconds = 1 });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var monitor = await response.Content.ReadFromJsonAsync<JsonElement>();
        var id = monitor.Str("id");
        // The token is the credential: the pinging job has no API key.
        using var cron = new HttpClient { BaseAddress = _api.BaseAddress };
        var pingUrl = monitor.Str("pingUrl");

        await using var db = system.Database.CreateDbContext();
        var monitorId = Guid.Parse(id);
        Task<List<StatusTransition>> TransitionsAsync() =>
            db.StatusTransitions.AsNoTracking().Where(t => t.MonitorId == monitorId).OrderBy(t => t.ChangedAt).ToListAsync();

        var pinged = await cron.PostAsync(pingUrl, null);
        Assert.Equal(HttpStatusCode.OK, pinged.StatusCode);
        var dueBy = (await pinged.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("nextPingDueBy").GetDateTime();

        // No more pings: down once period + grace (3 s) have passed since the ping, and not a moment before. Up lasts
        // only until then, so it is read from the recorded transitions rather than watched for (a busy machine could
        // let it pass between two looks), and the times asserted are the ones the system recorded.
        var transitions = await Eventually.Until(
            TransitionsAsync, ts => ts.SkipWhile(t => t.State != MonitorState.Up).Any(t => t.State == MonitorState.Down),
            $"monitor {id} to go up and then down\n{system.Logs()}");
        Assert.Equal("down", (await GetMonitorAsync(id)).Str("status"));
        var results = await db.RecordedChecks.Where(r => r.MonitorId == monitorId).OrderBy(r => r.ScheduledAt).ToListAsync();
        var ping = Assert.Single(results, r => r.Status == CheckStatus.Up);
        var missed = results.First(r => r.ScheduledAt > ping.ScheduledAt);
        Assert.Equal(CheckStatus.Down, missed.Status);
        Assert.Equal(TimeSpan.FromSeconds(3), missed.ScheduledAt - ping.ScheduledAt);
        Assert.Equal(dueBy, missed.ScheduledAt, TimeSpan.FromMicroseconds(1));
        Assert.True(missed.CheckedAt >= missed.ScheduledAt, $"reported missed at {missed.CheckedAt:O}, before its deadline {missed.ScheduledAt:O}");
        Assert.Equal([(MonitorState.Up, ping.CheckId), (MonitorState.Down, missed.CheckId)], transitions.TakeLast(2).Select(t => (t.State, t.CheckId)));

        var history = (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/history")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("down", history[0].Str("status"));
        Assert.Matches(@"^no ping for \d+s \(period 2s \+ grace 1s\)$", history[0].Str("error"));

        Assert.Equal(HttpStatusCode.OK, (await cron.GetAsync(pingUrl)).StatusCode);
        await Eventually.Until(TransitionsAsync, ts => ts.Skip(transitions.Count).Any(t => t.State == MonitorState.Up), $"the next ping to bring monitor {id} back up\n{system.Logs()}");
    }
}
