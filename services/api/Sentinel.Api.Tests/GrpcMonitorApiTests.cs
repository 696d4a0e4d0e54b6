using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Monitors;
using Sentinel.Checks.Kinds;

namespace Sentinel.Api.Tests;

public sealed class GrpcMonitorApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private readonly HttpClient _client = api.CreateAuthorizedClient();

    [Fact]
    public async Task A_grpc_monitor_is_created_from_its_url_alone_and_verifies_tls_by_default()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new { name = "orders", url = "grpc://orders.internal:50051/orders.v1.Orders" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadAsync<MonitorResponse>();
        var json = JsonNode.Parse(await _client.GetStringAsync($"/api/v1/monitors/{created.Id}"))!;
        Assert.Equal(("check", "grpc"), ((string?)json["type"], (string?)json["kind"]));
        var spec = created.Spec<GrpcCheck>();
        Assert.Equal(("grpc://orders.internal:50051/orders.v1.Orders", "orders.v1.Orders", true), (spec.Url, spec.Service, spec.VerifyTls));
    }

    [Fact]
    public async Task A_grpcs_monitor_takes_verify_tls_and_certificate_conditions()
    {
        var response = await _client.PostAsJsonAsync("/api/v1/monitors", new
        {
            name = "payments", url = "grpcs://payments.internal:443", verifyTls = false,
            conditions = new[] { "[CERTIFICATE_EXPIRATION] > 14d", "[RESPONSE_TIME] < 300", "[CONNECTED] == true" },
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var spec = (await response.ReadAsync<MonitorResponse>()).Spec<GrpcCheck>();
        Assert.Equal(("", false), (spec.Service, spec.VerifyTls));
        Assert.Equal(["[CERTIFICATE_EXPIRATION] > 14d", "[RESPONSE_TIME] < 300", "[CONNECTED] == true"], spec.Conditions);
    }

    public static TheoryData<object, string, string> BadMonitors => new()
    {
        { new { name = "x", url = "grpc://orders.internal" }, "url",
            "A grpc:// URL needs a port, for example grpc://orders.internal:50051/orders.v1.Orders, or grpc://orders.internal:50051 for the whole server." },
        { new { name = "x", url = "grpcs://orders.internal:50051/orders/v1" }, "url",
            "'orders/v1' is not a gRPC service name: at most 256 letters, digits, '.', '_' or '-', for example grpcs://orders.internal:50051/orders.v1.Orders, or grpcs://orders.internal:50051 for the whole server." },
        { new { name = "x", url = "grpc://orders.internal:50051/orders.v1.Orders?timeout=1" }, "url",
            "A grpc:// URL is host, port and an optional service name only, for example grpc://orders.internal:50051/orders.v1.Orders, or grpc://orders.internal:50051 for the whole server." },
        { new { name = "x", url = "grpc://orders.internal:50051", verifyTls = false }, "verifyTls",
            "Only for grpcs:// URLs: grpc:// has no TLS to verify." },
        { new { name = "x", url = "grpc://orders.internal:50051", conditions = new[] { "[CERTIFICATE_EXPIRATION] > 14d" } }, "conditions[0]",
            "[CERTIFICATE_EXPIRATION] does not apply to grpc:// checks, only to https://, tls:// and grpcs:// (at 1)" },
        { new { name = "x", url = "grpcs://orders.internal:50051", conditions = new[] { "[STATUS] == 200" } }, "conditions[0]",
            "[STATUS] does not apply to grpcs:// checks, only to http:// and https:// (at 1)" },
        { new { name = "x", url = "grpc://orders.internal:50051", body = "{}" }, "body",
            "Only for http:// and https:// monitors, not grpc checks." },
    };

    [Theory]
    [MemberData(nameof(BadMonitors))]
    public async Task A_bad_grpc_monitor_is_refused_with_what_is_wrong_and_writes_nothing(object monitor, string field, string message)
    {
        var before = await CountMonitorsAsync();

        var response = await _client.PostAsJsonAsync("/api/v1/monitors", monitor);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(message, (string?)problem["errors"]![field]![0]);
        Assert.Equal(before, await CountMonitorsAsync());
    }

    private async Task<int> CountMonitorsAsync()
    {
        await using var db = api.Database.CreateDbContext();
        return await db.Monitors.CountAsync();
    }
}
