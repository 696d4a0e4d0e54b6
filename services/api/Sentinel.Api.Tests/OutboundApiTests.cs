using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Npgsql;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

public sealed class OutboundApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    private async Task<string> RefusalAsync(string path, object body, string field)
    {
        var response = await _client.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![field]![0]!;
    }

    [Theory]
    [InlineData("http://169.254.169.254/latest/meta-data/", "link-local")]
    [InlineData("tcp://169.254.169.254:80", "link-local")]
    [InlineData("http://[fe80::1]/", "link-local")]
    [InlineData("http://localhost:8080/", "loopback")]
    [InlineData("http://127.0.0.1:9090/", "loopback")]
    public async Task Monitors_aimed_at_forbidden_addresses_are_refused_with_the_reason(string url, string reason)
    {
        var message = await RefusalAsync("/api/v1/monitors", new { name = "ssrf", url }, "url");

        Assert.Contains("Sentinel does not connect there", message);
        Assert.Contains(reason, message);
    }

    [Fact]
    public async Task Webhook_channels_aimed_at_the_metadata_service_are_refused()
    {
        var message = await RefusalAsync("/api/v1/channels", new { name = "ssrf", type = "webhook", config = new { url = "http://169.254.169.254/hook" } }, "config.url");

        Assert.Contains("link-local", message);
    }
}

/// <summary>The API as <c>./sentinel up</c> runs it: loopback allowed, Sentinel's own ports still not.</summary>
public sealed class LocalRunApiFactory : ApiFactory
{
    protected override IReadOnlyDictionary<string, string> ExtraSettings => new Dictionary<string, string> { ["Outbound:AllowLoopback"] = "true" };
}

public sealed class LocalRunOutboundApiTests(LocalRunApiFactory api) : IClassFixture<LocalRunApiFactory>
{
    [Fact]
    public async Task The_database_and_broker_ports_are_refused_even_where_loopback_is_allowed()
    {
        var client = api.CreateAuthorizedClient();
        var database = new NpgsqlConnectionStringBuilder(TestInfrastructure.AdminConnectionString);

        var ok = await client.PostAsJsonAsync("/api/v1/monitors", new { name = "local app", url = "http://localhost:9090/health" });
        var db = await client.PostAsJsonAsync("/api/v1/monitors", new { name = "db", url = $"tcp://localhost:{database.Port}" });
        var broker = await client.PostAsJsonAsync("/api/v1/monitors", new { name = "broker", url = $"tcp://127.0.0.1:{TestInfrastructure.RabbitMqPort}" });

        Assert.Equal(HttpStatusCode.Created, ok.StatusCode);
        foreach (var refused in new[] { db, broker })
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("Sentinel's own", (string)JsonNode.Parse(await refused.Content.ReadAsStringAsync())!["errors"]!["url"]![0]!);
        }
    }
}
