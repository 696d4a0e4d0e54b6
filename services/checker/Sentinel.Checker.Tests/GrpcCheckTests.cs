using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using Sentinel.Checker.Probes;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults.Outbound;
using Sentinel.Testing;
using ServingStatus = Grpc.Health.V1.HealthCheckResponse.Types.ServingStatus;

namespace Sentinel.Checker.Tests;

// Every server here is a real gRPC server (Kestrel over HTTP/2 with Grpc.HealthCheck's health service) on loopback.
public sealed class GrpcCheckTests : IAsyncLifetime
{
    private const string Orders = "orders.v1.Orders";

    private CheckerHarness _checker = null!;
    private GrpcTarget _server = null!;

    public async Task InitializeAsync()
    {
        _checker = await CheckerHarness.StartAsync();
        _server = await GrpcTarget.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _checker.DisposeAsync();
    }

    [Fact]
    public async Task A_serving_server_and_a_serving_service_are_up_connected_with_their_response_time()
    {
        _server.Statuses.SetStatus(Orders, ServingStatus.Serving);

        var server = await _checker.CheckAsync(_server.Url());
        var service = await _checker.CheckAsync(_server.Url(Orders), conditions: ["[CONNECTED] == true", "[RESPONSE_TIME] < 0"]);

        Assert.Equal(CheckStatus.Up, server.Status);
        Assert.Empty(server.Errors);
        Assert.Null(server.StatusCode);
        Assert.True(server.LatencyMs > 0);
        Assert.Equal(CheckStatus.Down, service.Status);
        // Only the impossible time condition fails, with the time the call took: the service itself answered SERVING.
        Assert.Matches(@"^\[RESPONSE_TIME\] \(\d+\) < 0$", Assert.Single(service.Errors));
    }

    [Theory]
    [InlineData(Orders, ServingStatus.NotServing, "status NOT_SERVING for service 'orders.v1.Orders'")]
    [InlineData(Orders, ServingStatus.Unknown, "status UNKNOWN for service 'orders.v1.Orders'")]
    [InlineData("", ServingStatus.NotServing, "status NOT_SERVING for the server")]
    public async Task A_status_other_than_serving_is_down_with_the_status_and_what_was_asked_about(string service, ServingStatus status, string error)
    {
        _server.Statuses.SetStatus(service, status);

        var result = await _checker.CheckAsync(_server.Url(service), conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal([error], result.Errors);
    }

    [Fact]
    public async Task A_service_the_server_does_not_know_is_down_as_unknown_to_it()
    {
        var result = await _checker.CheckAsync(_server.Url("billing.v1.Billing"));

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["gRPC error NOT_FOUND: the server does not know service 'billing.v1.Billing'"], result.Errors);
    }

    [Fact]
    public async Task A_server_without_the_health_service_is_down_as_unimplemented()
    {
        await using var bare = await GrpcTarget.StartAsync(withHealth: false);

        var result = await _checker.CheckAsync(bare.Url(), conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("gRPC error UNIMPLEMENTED: the server has no health service grpc.health.v1.Health (", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task A_refused_port_is_down_as_unavailable_and_not_connected()
    {
        var port = TestTarget.FreePort();

        var result = await _checker.CheckAsync($"grpc://127.0.0.1:{port}", conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal([$"gRPC error UNAVAILABLE: Connection refused (127.0.0.1:{port})", "[CONNECTED] (false) == true"], result.Errors);
    }

    [Fact]
    public async Task A_server_that_does_not_answer_times_out_once_without_retrying()
    {
        _server.Hangs = true;

        var result = await _checker.CheckAsync(_server.Url(), timeoutSeconds: 1, conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["timed out after 1s"], result.Errors);
        Assert.Equal(1, result.Attempts);
        Assert.True(result.LatencyMs >= 900, $"latency {result.LatencyMs} ms is shorter than the timeout");
        Assert.Equal(1, _server.Connections);
    }

    [Fact]
    public async Task Each_check_opens_a_connection_of_its_own()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CheckStatus.Up, (await _checker.CheckAsync(_server.Url())).Status);
        }

        Assert.Equal(3, _server.Connections);
    }

    [Fact]
    public async Task A_grpcs_server_with_an_untrusted_certificate_is_down_with_the_reason_and_its_expiry_still_recorded()
    {
        using var certificate = TlsCheckTests.SelfSigned(DateTimeOffset.UtcNow.AddDays(2));
        await using var secure = await GrpcTarget.StartAsync(certificate: certificate);

        var result = await _checker.CheckAsync(secure.Url(), conditions: ["[CERTIFICATE_EXPIRATION] > 72h"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("the TLS certificate is refused: the certificate chain is not valid: UntrustedRoot", result.Errors[0]);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (47h59m", result.Errors[1]);
    }

    [Fact]
    public async Task A_grpcs_check_that_does_not_verify_the_certificate_asks_the_server_and_still_sees_its_expiry()
    {
        using var certificate = TlsCheckTests.SelfSigned(DateTimeOffset.UtcNow.AddDays(30));
        await using var secure = await GrpcTarget.StartAsync(certificate: certificate);
        secure.Statuses.SetStatus(Orders, ServingStatus.NotServing);
        var unverified = (GrpcCheck)CheckerHarness.Spec(secure.Url()) with { VerifyTls = false };

        var serving = await _checker.CheckAsync(unverified with { Conditions = ["[CERTIFICATE_EXPIRATION] > 72h", "[CONNECTED] == true"] });
        var expiring = await _checker.CheckAsync(unverified with { Conditions = ["[CERTIFICATE_EXPIRATION] > 60d"] });
        var notServing = await _checker.CheckAsync(unverified with { Url = secure.Url(Orders) });

        Assert.Equal(CheckStatus.Up, serving.Status);
        Assert.Equal(CheckStatus.Down, expiring.Status);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (719h59m", Assert.Single(expiring.Errors));
        Assert.Equal(["status NOT_SERVING for service 'orders.v1.Orders'"], notServing.Errors);
    }

    [Fact]
    public async Task Its_connection_goes_through_the_outbound_guard()
    {
        var guard = new OutboundGuard(Options.Create(new OutboundOptions()), new ConfigurationBuilder().Build());
        var run = new ProbeRun(CheckerHarness.Spec(_server.Url()), readBody: false);

        var error = await new GrpcProbe(guard).ProbeAsync(run, CancellationToken.None);

        Assert.StartsWith("gRPC error UNAVAILABLE: refused by the outbound guard: 127.0.0.1 resolves to 127.0.0.1 is a loopback address", error);
        Assert.False(run.Connected);
        Assert.Equal(0, _server.Connections);
    }
}
