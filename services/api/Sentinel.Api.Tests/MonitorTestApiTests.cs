extern alias checker;

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using checker::Sentinel.Checker;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sentinel.Api.Monitors;
using Sentinel.ServiceDefaults;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>
/// The api and a checker of the checker service's own registrations, in this process, on the test broker; both may
/// connect to loopback, where the test targets listen.
/// </summary>
public sealed class CheckerApiFactory : ApiFactory, IAsyncLifetime
{
    private IHost? _checker;

    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Outbound:AllowLoopback"] = "true" };

    public async Task StartCheckerAsync()
    {
        var builder = Host.CreateApplicationBuilder();
        var settings = TestInfrastructure.BrokerSettings.ToDictionary(s => s.Key.Replace("__", ":"), string? (s) => s.Value);
        settings["Outbound:AllowLoopback"] = "true";
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddProbes();
        builder.AddSentinelBus(bus => bus.AddCheckConsumers(builder.Configuration));
        _checker = builder.Build();
        await _checker.StartAsync();
    }

    /// <summary>Stops the checker, as if none ran; its queue stays, as a stopped checker's does.</summary>
    public async Task StopCheckerAsync()
    {
        if (_checker is not null)
        {
            await _checker.StopAsync();
            _checker.Dispose();
            _checker = null;
        }
    }

    async Task IAsyncLifetime.InitializeAsync()
    {
        await InitializeAsync();
        await StartCheckerAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await StopCheckerAsync();
        await DisposeAsync();
        await Database.DisposeAsync();
    }
}

[Collection(Dashboard.BrokerRequestsCollection.Name)]
public sealed class MonitorTestApiTests(CheckerApiFactory api) : IClassFixture<CheckerApiFactory>, IAsyncLifetime
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();
    private TestTarget _target = null!;

    public async Task InitializeAsync() => _target = await TestTarget.StartAsync();

    public async Task DisposeAsync() => await _target.DisposeAsync();

    private Task<HttpResponseMessage> PostAsync(string path, string body) =>
        _client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

    private async Task<int> MonitorCountAsync()
    {
        await using var db = api.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }

    [Fact]
    public async Task Test_now_runs_the_check_once_on_a_checker_and_answers_its_result_without_saving_a_monitor()
    {
        var before = await MonitorCountAsync();

        var response = await _client.PostAsJsonAsync("/api/v1/monitors/test", new { name = "checkout", url = _target.Url, timeoutSeconds = 5 });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var result = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("up", (string?)result["status"]);
        Assert.Equal(200, (int?)result["statusCode"]);
        Assert.Null((string?)result["error"]);
        Assert.Empty(result["errors"]!.AsArray());
        Assert.InRange((double)result["latencyMs"]!, 0.001, 5000);
        Assert.Equal(1, _target.Requests);
        Assert.Equal(before, await MonitorCountAsync());
    }

    [Fact]
    public async Task A_failed_condition_of_a_test_is_answered_with_the_value_it_saw()
    {
        _target.StatusCode = 503;

        var result = await (await _client.PostAsJsonAsync("/api/v1/monitors/test", new { name = "checkout", url = _target.Url, conditions = new[] { "[STATUS] == 200" } }))
            .ReadAsync<CheckTestResponse>();

        Assert.Equal(Sentinel.Contracts.CheckStatus.Down, result.Status);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal(["[STATUS] (503) == 200"], result.Errors);
    }

    public static TheoryData<string> DocumentsCreateRefuses => new()
    {
        """{"url":"https://shop.example/"}""",
        """{"name":"x","url":"ftp://shop.example/"}""",
        """{"name":"x","url":"https://shop.example/","timeoutSeconds":"5"}""",
        """{"name":"x","url":"https://shop.example/","conditions":["[STATUS] =="],"shoeSize":44}""",
        """{"name":"x","url":"http://169.254.169.254/latest/meta-data/"}""",
        """{"name":"x","url":"https://shop.example/","channelIds":["0198c0de-0000-7000-8000-000000000001"]}""",
    };

    [Theory]
    [MemberData(nameof(DocumentsCreateRefuses))]
    public async Task A_document_create_refuses_gets_the_same_400_from_test_now_and_runs_nothing(string document)
    {
        var created = await PostAsync("/api/v1/monitors", document);
        var tested = await PostAsync("/api/v1/monitors/test", document);

        Assert.Equal(HttpStatusCode.BadRequest, created.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, tested.StatusCode);
        var createErrors = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["errors"]!;
        var testErrors = JsonNode.Parse(await tested.Content.ReadAsStringAsync())!["errors"]!;
        Assert.Equal(createErrors.ToJsonString(), testErrors.ToJsonString());
        Assert.Equal(0, _target.Requests);
    }

    [Fact]
    public async Task A_saved_monitor_is_tested_without_a_history_row_or_a_change_of_status()
    {
        var created = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "checkout", url = _target.Url })).ReadAsync<MonitorResponse>();

        var response = await _client.PostAsync($"/api/v1/monitors/{created.Id}/test", null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Sentinel.Contracts.CheckStatus.Up, (await response.ReadAsync<CheckTestResponse>()).Status);
        Assert.Equal(1, _target.Requests);
        var history = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{created.Id}/history"))!;
        Assert.Empty(history["items"]!.AsArray());
        Assert.Equal(MonitorStatusName.Pending, (await _client.GetFromJsonAsync<MonitorResponse>($"/api/v1/monitors/{created.Id}", ApiFactory.Json))!.Status);
    }

    [Fact]
    public async Task An_unknown_monitor_is_404_and_a_heartbeat_has_no_check_to_test()
    {
        var heartbeat = await (await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "nightly", type = "heartbeat", intervalSeconds = 3600 })).ReadAsync<MonitorResponse>();

        Assert.Equal(HttpStatusCode.NotFound, (await _client.PostAsync($"/api/v1/monitors/{Guid.NewGuid()}/test", null)).StatusCode);
        var stored = await _client.PostAsync($"/api/v1/monitors/{heartbeat.Id}/test", null);
        var sent = await PostAsync("/api/v1/monitors/test", """{"name":"nightly","type":"heartbeat"}""");
        foreach (var response in new[] { stored, sent })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Contains("heartbeat", (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]!["type"]![0]!);
        }
    }

    [Fact]
    public async Task Without_a_checker_test_now_answers_503_saying_no_checker_answered()
    {
        await api.StopCheckerAsync();
        try
        {
            var response = await _client.PostAsJsonAsync("/api/v1/monitors/test", new { name = "checkout", url = _target.Url, timeoutSeconds = 1 });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Contains("No checker answered", await response.Content.ReadAsStringAsync());
        }
        finally
        {
            // For the other tests of the class.
            await api.StartCheckerAsync();
        }
    }
}
