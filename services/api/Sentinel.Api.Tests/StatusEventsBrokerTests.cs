using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>On a broker of its own, which a test may list or kill, with quorum queues on as on a cluster.</summary>
public sealed class StatusEventsBrokerTests : IAsyncLifetime
{
    private PrivateBrokerApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _api = new PrivateBrokerApiFactory(await PrivateInfrastructure.StartAsync(), new Dictionary<string, string> { ["RabbitMq__QuorumQueues"] = "true" });
        await _api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_api).DisposeAsync();
        await _api.Broker.DisposeAsync();
    }

    [Fact]
    public async Task With_quorum_queues_on_the_api_still_hears_transitions_on_a_classic_queue_of_its_own()
    {
        await using var stream = await StatusEventStream.OpenAsync(_api.CreateAuthorizedClient());
        var monitorId = Guid.NewGuid();

        await PublishAsync(monitorId);

        Assert.Equal("up", (await stream.StatusesOfAsync([monitorId])).Single().GetProperty("state").GetString());
        var queue = Assert.Single(await _api.Broker.QueueTypesAsync(), q => q.Key.Contains("dashboard-status"));
        Assert.Equal("classic", queue.Value);
    }

    [Fact]
    public async Task Browsers_are_cut_off_to_reload_once_the_api_is_back_on_a_broker_it_lost_and_then_hear_transitions_again()
    {
        await using var before = await StatusEventStream.OpenAsync(_api.CreateAuthorizedClient());

        _api.Broker.KillBroker();
        await _api.Broker.RestartBrokerAsync();

        Assert.Null(await before.NextStatusAsync());
        await using var after = await StatusEventStream.OpenAsync(_api.CreateAuthorizedClient());
        var monitorId = Guid.NewGuid();
        await PublishAsync(monitorId);
        Assert.Equal("up", (await after.StatusesOfAsync([monitorId])).Single().GetProperty("state").GetString());
    }

    private Task PublishAsync(Guid monitorId) => _api.Services.GetRequiredService<IBus>().Publish(new MonitorStatusChanged
    {
        TransitionId = Guid.NewGuid(), MonitorId = monitorId, PreviousState = MonitorState.Pending, State = MonitorState.Up,
        CheckId = Guid.NewGuid(), ChangedAt = DateTime.UtcNow, LatencyMs = 3,
    });
}
