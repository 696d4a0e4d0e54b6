using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>The api on a broker of its own, which a test may kill or inspect, with any other settings given.</summary>
public sealed class PrivateBrokerApiFactory(PrivateInfrastructure broker, IReadOnlyDictionary<string, string>? settings = null) : ApiFactory
{
    public PrivateInfrastructure Broker { get; } = broker;

    protected override IReadOnlyDictionary<string, string> ExtraSettings =>
        Broker.BrokerSettings.Concat(settings ?? new Dictionary<string, string>()).ToDictionary();
}

public sealed class HeartbeatBrokerOutageTests : IAsyncLifetime
{
    private PrivateBrokerApiFactory _api = null!;

    public async Task InitializeAsync()
    {
        _api = new PrivateBrokerApiFactory(await PrivateInfrastructure.StartAsync());
        await _api.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await ((IAsyncLifetime)_api).DisposeAsync();
        await _api.Broker.DisposeAsync();
    }

    [Fact]
    public async Task A_ping_the_broker_cannot_take_answers_503_and_moves_no_deadline()
    {
        var client = _api.CreateAuthorizedClient();
        var created = await (await client.PostAsJsonAsync("/api/v1/monitors", new { name = "nightly", type = "heartbeat", intervalSeconds = 3600 }))
            .ReadAsync<MonitorResponse>();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(created.PingUrl)).StatusCode);
        await using var db = _api.Database.CreateDbContext();
        var deadline = await db.Monitors.AsNoTracking().Where(m => m.Id == created.Id).Select(m => m.Schedule!.NextCheckAt).SingleAsync();

        _api.Broker.KillBroker();
        var response = await client.GetAsync(created.PingUrl);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("nothing was recorded", await response.Content.ReadAsStringAsync());
        Assert.Equal(deadline, await db.Monitors.AsNoTracking().Where(m => m.Id == created.Id).Select(m => m.Schedule!.NextCheckAt).SingleAsync());
    }
}
