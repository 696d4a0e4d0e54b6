using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests;

/// <summary>A heartbeat monitor through every service: pings over the api, the scheduler noticing their absence.</summary>
[Collection(PipelineCollection.Name)]
public sealed class HeartbeatPipelineTests(RunningSystem system)
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private readonly HttpClient _api = system.Api;

    private async Task<JsonElement> GetMonitorAsync(string id) => await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}");

    private Task<JsonElement> StatusBecomesAsync(string id, string status, TimeSpan within) =>
        Eventually.Until(() => GetMonitorAsync(id), m => m.Str("status") == status, within, $"monitor {id} to be {status}\n{system.Logs()}");

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

        // Started before the ping: the deadline is set from the server's clock during the request, so timing from
        // the answer could see the monitor go down a few milliseconds "early".
        var silence = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await cron.PostAsync(pingUrl, null)).StatusCode);
        await StatusBecomesAsync(id, "up", Patience);

        // No more pings: down once period + grace (3 s) have passed, give or take the scheduler's poll and the pipeline.
        await StatusBecomesAsync(id, "down", TimeSpan.FromSeconds(10));
        Assert.InRange(silence.Elapsed.TotalSeconds, 3, 8);
        var history = (await _api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}/history")).GetProperty("items").EnumerateArray().ToArray();
        Assert.Equal("down", history[0].Str("status"));
        Assert.Matches(@"^no ping for \d+s \(period 2s \+ grace 1s\)$", history[0].Str("error"));
        Assert.Equal("up", history[^1].Str("status"));

        Assert.Equal(HttpStatusCode.OK, (await cron.GetAsync(pingUrl)).StatusCode);
        await StatusBecomesAsync(id, "up", Patience);
    }
}
