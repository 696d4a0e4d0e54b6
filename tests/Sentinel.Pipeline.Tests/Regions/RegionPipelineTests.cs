using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests.Regions;

/// <summary>
/// Three regions on this machine, one checker each: the default region's on the host, <c>eu-west</c>'s and
/// <c>us-east</c>'s each in a network namespace of its own (<see cref="RegionNetwork"/>), through which a region can
/// lose its route to the target while it still reaches the broker. The rest of the system runs as usual.
/// </summary>
public sealed class RegionPipelineTests : IAsyncLifetime
{
    private const string Eu = "eu-west";
    private const string Us = "us-east";

    private RegionNetwork _network = null!;
    private TestTarget _target = null!;
    private TcpRelay _targetRelay = null!;
    private TcpRelay _brokerRelay = null!;
    private RunningSystem _system = null!;
    private WebhookReceiver _receiver = null!;

    // xunit does not dispose a class whose initialisation failed: undo what was made, or namespaces and processes outlive the run.
    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _network = await RegionNetwork.CreateAsync(Eu, Us);
        _target = await TestTarget.StartAsync();
        _targetRelay = TcpRelay.Start(_network.TargetAddress, new IPEndPoint(IPAddress.Loopback, _target.Port));
        _brokerRelay = TcpRelay.Start(_network.BrokerAddress, new IPEndPoint(IPAddress.Loopback, int.Parse(TestInfrastructure.RabbitMqPort)));
        _receiver = await WebhookReceiver.StartAsync();
        _system = new RunningSystem(
            [("Recorder", "recorder"), ("Alerter", "alerter"), ("Checker", "checker-default"), ("Scheduler", "scheduler"), ("Api", "api")],
            new Dictionary<string, string>
            {
                ["Checker__HeartbeatSeconds"] = "1",
                ["Alerter__RegionLostAfterSeconds"] = "5",
                ["Alerter__RegionWatchIntervalSeconds"] = "1",
                ["Recorder__SlotMarginSeconds"] = "2",
            });
        await _system.InitializeAsync();
        foreach (var region in new[] { Eu, Us })
        {
            var added = await _system.Api.PostAsJsonAsync("/api/v1/regions", new { name = region });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
            await _system.StartAsync("Checker", $"checker-{region}", new Dictionary<string, string>
            {
                ["Checker__Region"] = region,
                ["RabbitMq__Host"] = _network.BrokerAddress.ToString(),
                ["RabbitMq__Port"] = _brokerRelay.Endpoint.Port.ToString(),
            }, (_network.NamespaceOf(region), _network.AddressOf(region)));
        }
    }

    public async Task DisposeAsync()
    {
        if (_system is not null) await _system.DisposeAsync();
        if (_receiver is not null) await _receiver.DisposeAsync();
        if (_brokerRelay is not null) await _brokerRelay.DisposeAsync();
        if (_targetRelay is not null) await _targetRelay.DisposeAsync();
        if (_target is not null) await _target.DisposeAsync();
        if (_network is not null) await _network.DisposeAsync();
    }

    private HttpClient Api => _system.Api;

    private Task StatusBecomesAsync(string id, string status) =>
        Eventually.Until(() => Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}"), m => m.Str("status") == status, $"monitor to be {status}\n{_system.Logs()}");

    private Task<IReadOnlyList<ReceivedRequest>> NoticesAsync(int count) =>
        Eventually.Until(() => Task.FromResult(_receiver.At("ops")), n => n.Count >= count, $"{count} notices\n{_system.Logs()}");

    private async Task<JsonElement> RegionAsync(string name) =>
        (await Api.GetFromJsonAsync<JsonElement>("/api/v1/regions")).GetProperty("items").EnumerateArray().Single(r => r.Str("name") == name);

    [Fact]
    public async Task A_monitor_checked_from_three_regions_is_degraded_by_one_down_by_two_and_unmoved_by_a_lost_region()
    {
        var channel = await Api.PostAsJsonAsync("/api/v1/channels", new { name = "ops", type = "webhook", @default = true, config = new { url = _receiver.UrlFor("ops") } });
        Assert.Equal(HttpStatusCode.Created, channel.StatusCode);
        var created = await Api.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "shop", url = $"http://{_network.TargetAddress}:{_targetRelay.Endpoint.Port}/", intervalSeconds = 1, timeoutSeconds = 1,
            regions = new[] { "default", Eu, Us }, quorum = 2,
        });
        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).Str("id");
        await StatusBecomesAsync(id, "up");
        var before = _receiver.At("ops").Count;

        // One region of three cannot reach the target: degraded, which this channel is not told about.
        await _network.CutTargetAsync(Eu);
        await StatusBecomesAsync(id, "degraded");

        // A second one: the quorum fails, and the one DOWN notice names both regions and what each saw.
        await _network.CutTargetAsync(Us);
        await StatusBecomesAsync(id, "down");
        var down = (await NoticesAsync(before + 1))[before];
        Assert.Contains(Eu, down.Body);
        Assert.Contains(Us, down.Body);

        await _network.RestoreTargetAsync(Eu);
        await _network.RestoreTargetAsync(Us);
        await StatusBecomesAsync(id, "up");
        var notices = await NoticesAsync(before + 2);

        await using (var db = _system.Database.CreateDbContext())
        {
            var monitorId = Guid.Parse(id);
            var transitions = await db.StatusTransitions.Where(t => t.MonitorId == monitorId).OrderBy(t => t.ChangedAt).ToListAsync();
            Assert.Equal(
                [MonitorState.Up, MonitorState.Degraded, MonitorState.Down, MonitorState.Up],
                transitions.Select(t => t.State).SkipWhile(s => s != MonitorState.Up).Take(4));
            // Every region's results are kept, each under its region.
            var regions = await db.RecordedChecks.Where(r => r.MonitorId == monitorId).Select(r => r.Region).Distinct().ToListAsync();
            Assert.Equal(["default", Eu, Us], regions.Order());
            // The degraded transition reached no channel: its deliveries were never made.
            var degraded = transitions.Single(t => t.State == MonitorState.Degraded);
            Assert.False(await db.NotificationDeliveries.AnyAsync(d => d.TransitionId == degraded.Id));
        }

        Assert.Equal(before + 2, notices.Count);

        // A region whose checker stops is lost: the admins (default channels) are told once, and no monitor moves.
        var transitionsBefore = await TransitionCountAsync(id);
        _system.Kill($"checker-{Us}");
        await Eventually.Until(() => RegionAsync(Us), r => r.Str("state") == "lost", $"{Us} to be lost\n{_system.Logs()}");
        var lost = await Eventually.Until(
            () => Task.FromResult(_receiver.At("ops").Skip(before + 2).ToList()), n => n.Count >= 1, $"the lost-region notice\n{_system.Logs()}");
        Assert.Contains(Us, lost[0].Body);
        // Due times decided without us-east (at their deadline), all up: the monitor stays up, and no more notices.
        await Eventually.Until(() => DecidedWithoutAsync(id, Us), n => n >= 3, $"three due times decided without {Us}\n{_system.Logs()}");
        Assert.Equal("up", (await Api.GetFromJsonAsync<JsonElement>($"/api/v1/monitors/{id}")).Str("status"));
        Assert.Equal(transitionsBefore, await TransitionCountAsync(id));
        await using (var db = _system.Database.CreateDbContext())
        {
            Assert.Equal(1, await db.RegionOutages.CountAsync(o => o.Region == Us));
        }

        Assert.Single(_receiver.At("ops").Skip(before + 2));
    }

    private async Task<int> TransitionCountAsync(string id)
    {
        await using var db = _system.Database.CreateDbContext();
        return await db.StatusTransitions.CountAsync(t => t.MonitorId == Guid.Parse(id));
    }

    /// <summary>Due times decided since <paramref name="region"/> went silent: with fewer results than regions.</summary>
    private async Task<int> DecidedWithoutAsync(string id, string region)
    {
        await using var db = _system.Database.CreateDbContext();
        var slots = await db.CheckSlots.Where(s => s.MonitorId == Guid.Parse(id) && s.DecidedAt != null).ToListAsync();
        return slots.Count(s => s.Results.All(r => r.Region != region));
    }
}
