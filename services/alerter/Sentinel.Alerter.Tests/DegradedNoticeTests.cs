using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using MimeKit;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests;

/// <summary>
/// Degraded told per channel: a channel with <c>NotifyDegraded</c> hears every change, one without counts degraded as
/// up; and a monitor checked from several regions says in every notice where it failed and what each region saw.
/// </summary>
public sealed class DegradedNoticeTests : IAsyncLifetime
{
    private readonly AlerterHarness _alerter = new();

    public Task InitializeAsync() => _alerter.InitializeAsync();
    public Task DisposeAsync() => _alerter.DisposeAsync();

    private static JsonElement Body(ReceivedRequest request) => JsonDocument.Parse(request.Body).RootElement;

    private List<string> Events(string path) => _alerter.Receiver.At(path).Select(r => Body(r).GetProperty("event").GetString()!).ToList();

    private async Task ChangeAsync(MonitorDefinition monitor, MonitorState from, MonitorState to, IReadOnlyList<RegionResult>? regions = null) =>
        await _alerter.NotifyAsync(await _alerter.TransitionAsync(monitor, from, to, regions));

    [Fact]
    public async Task A_monitor_going_degraded_and_back_is_told_to_a_channel_that_asks_for_degraded_and_not_to_a_plain_one()
    {
        var plain = await _alerter.AddChannelAsync("webhook", "plain");
        var watchful = await _alerter.AddChannelAsync("webhook", "watchful", notifyDegraded: true);
        var monitor = await _alerter.AddMonitorAsync([plain, watchful]);

        await ChangeAsync(monitor, MonitorState.Up, MonitorState.Degraded);
        await ChangeAsync(monitor, MonitorState.Degraded, MonitorState.Up);

        Assert.Empty(_alerter.Receiver.At("plain"));
        Assert.Equal(["monitor.degraded", "monitor.up"], Events("watchful"));
        Assert.Equal("DEGRADED: checkout", Body(_alerter.Receiver.At("watchful")[0]).GetProperty("title").GetString());
        Assert.Equal("degraded", Body(_alerter.Receiver.At("watchful")[0]).GetProperty("state").GetString());
    }

    [Fact]
    public async Task A_down_monitor_turning_degraded_is_a_recovery_to_a_plain_channel_and_degraded_to_one_that_asks()
    {
        var plain = await _alerter.AddChannelAsync("webhook", "plain");
        var watchful = await _alerter.AddChannelAsync("webhook", "watchful", notifyDegraded: true);
        var monitor = await _alerter.AddMonitorAsync([plain, watchful]);

        await ChangeAsync(monitor, MonitorState.Up, MonitorState.Down);
        await ChangeAsync(monitor, MonitorState.Down, MonitorState.Degraded);
        await ChangeAsync(monitor, MonitorState.Degraded, MonitorState.Down);

        Assert.Equal(["monitor.down", "monitor.up", "monitor.down"], Events("plain"));
        Assert.Equal(["monitor.down", "monitor.degraded", "monitor.down"], Events("watchful"));
        // Both end the first outage: the incident it opened is resolved, and how long it lasted is said.
        var recovery = Body(_alerter.Receiver.At("plain")[1]);
        Assert.Equal("up", recovery.GetProperty("state").GetString());
        Assert.Equal(30, recovery.GetProperty("downForSeconds").GetDouble());
        Assert.Equal(30, Body(_alerter.Receiver.At("watchful")[1]).GetProperty("downForSeconds").GetDouble());
    }

    [Fact]
    public async Task A_down_notice_names_the_failing_regions_what_each_saw_and_the_quorum()
    {
        var slack = await _alerter.AddChannelAsync("slack", "slack");
        var mail = await _alerter.AddChannelAsync("email", "mail");
        var monitor = await _alerter.AddMonitorAsync([slack, mail]);
        await using (var db = _alerter.Database.CreateDbContext())
        {
            await db.Monitors.Where(m => m.Id == monitor.Id).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Regions, new List<string> { "default", "eu", "us" })
                .SetProperty(m => m.Quorum, 2));
        }

        await ChangeAsync(monitor, MonitorState.Up, MonitorState.Down,
        [
            new RegionResult { Region = "default", Status = CheckStatus.Up, LatencyMs = 41 },
            new RegionResult { Region = "eu", Status = CheckStatus.Down, Error = "connection refused" },
            new RegionResult { Region = "us", Status = CheckStatus.Down, Error = "[STATUS] (503) == 200", StatusCode = 503, LatencyMs = 90 },
        ]);

        var body = Assert.Single(_alerter.Receiver.At("slack")).Body;
        Assert.Contains("*Regions*\\n2 of 3 regions failing (quorum 2)", body);
        Assert.Contains("*Failed in eu*\\nconnection refused", body);
        Assert.Contains("*Failed in us*\\n[STATUS] (503) == 200", body);
        Assert.Contains("*Up in*\\ndefault (41 ms)", body);
        var text = MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(Assert.Single(_alerter.Smtp.Messages())))).TextBody;
        Assert.Contains("Regions: 2 of 3 regions failing (quorum 2)", text);
        Assert.Contains("Failed in eu: connection refused", text);
        Assert.Contains("Failed in us: [STATUS] (503) == 200", text);
    }
}
