using System.ComponentModel;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Sentinel.Checker.Probes;
using Sentinel.Contracts;

namespace Sentinel.Checker.Tests;

public sealed class IcmpCheckTests : IAsyncLifetime
{
    private CheckerHarness _checker = null!;

    public async Task InitializeAsync() => _checker = await CheckerHarness.StartAsync();

    public async Task DisposeAsync() => await _checker.DisposeAsync();

    // These send real echo requests: the test process needs a raw or unprivileged ICMP socket, as the checker does.
    [Fact]
    public async Task An_echo_to_this_machine_is_up_with_its_round_trip_time()
    {
        // Bounded by the check's timeout, not by how fast loopback usually is: a busy machine answers late, not never.
        var result = await _checker.CheckAsync("icmp://127.0.0.1", timeoutSeconds: 5, conditions: ["[CONNECTED] == true", "[RESPONSE_TIME] < 5000"]);

        Assert.Equal(CheckStatus.Up, result.Status);
        Assert.Empty(result.Errors);
        Assert.Null(result.StatusCode);
        Assert.InRange(result.LatencyMs, 0, 5000);
    }

    // An unanswered echo is not tested live: tests send nothing beyond this machine, and every loopback address
    // answers. The words for it are checked here; the live path is the same as the one-reply test above.
    [Fact]
    public void An_unanswered_echo_says_how_long_it_waited_and_other_failures_name_their_status()
    {
        Assert.Equal("no echo reply within 2s", IcmpProbe.NoReply(System.Net.NetworkInformation.IPStatus.TimedOut, System.Net.IPAddress.Parse("10.0.0.1"), 2));
        Assert.Equal("no echo reply from 10.0.0.1: DestinationHostUnreachable",
            IcmpProbe.NoReply(System.Net.NetworkInformation.IPStatus.DestinationHostUnreachable, System.Net.IPAddress.Parse("10.0.0.1"), 2));
    }

    [Fact]
    public async Task The_metadata_address_is_refused_by_the_outbound_guard_before_anything_is_sent()
    {
        var result = await _checker.CheckAsync("icmp://169.254.169.254");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(
            ["refused by the outbound guard: 169.254.169.254 resolves to 169.254.169.254 is a link-local address (cloud metadata services live there)"],
            result.Errors);
    }

    public static TheoryData<Exception> Denials => new()
    {
        new PlatformNotSupportedException("The system's ping utility could not be found."),
        new PingException("An exception occurred during a Ping request.", new SocketException((int)SocketError.AccessDenied)),
        new PingException("An exception occurred during a Ping request.", new Win32Exception(13, "Permission denied")),
        new PingException("An exception occurred during a Ping request.", new UnauthorizedAccessException()),
    };

    [Theory]
    [MemberData(nameof(Denials))]
    public void When_the_system_denies_icmp_the_error_says_it_is_the_checkers_setup_not_the_target(Exception denial) =>
        Assert.Equal(
            "ICMP is not permitted for this process: run the checker with CAP_NET_RAW or allow unprivileged ICMP (net.ipv4.ping_group_range); see docs/checks.md",
            IcmpProbe.Failure(denial));

    [Fact]
    public void Other_failures_name_their_innermost_cause() =>
        Assert.Equal(
            "the echo request failed: Network is unreachable",
            IcmpProbe.Failure(new PingException("An exception occurred during a Ping request.", new SocketException((int)SocketError.NetworkUnreachable, "Network is unreachable"))));
}
