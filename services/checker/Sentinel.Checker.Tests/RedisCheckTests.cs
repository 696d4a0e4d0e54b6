using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

// Each test runs its own real redis-server (Debian's package) with the settings it needs.
public sealed class RedisCheckTests : IAsyncLifetime
{
    private const string Password = "correct-horse-battery";
    private static readonly string[] Observed = ["[CONNECTED] == true", "[RESPONSE_TIME] < 5000"];

    private CheckerHarness _checker = null!;

    public async Task InitializeAsync() => _checker = await CheckerHarness.StartAsync();

    public async Task DisposeAsync() => await _checker.DisposeAsync();

    [Fact]
    public async Task A_server_without_a_password_is_up_when_it_answers_PONG()
    {
        using var redis = await RedisServer.StartAsync();

        var plain = await _checker.CheckAsync($"redis://127.0.0.1:{redis.Port}");
        var conditioned = await _checker.CheckAsync($"redis://127.0.0.1:{redis.Port}", conditions: Observed);

        Assert.Equal((CheckStatus.Up, ""), (plain.Status, string.Join("; ", plain.Errors)));
        Assert.True(plain.LatencyMs > 0);
        Assert.Equal((CheckStatus.Up, ""), (conditioned.Status, string.Join("; ", conditioned.Errors)));
    }

    [Fact]
    public async Task The_password_in_the_URL_authenticates_and_the_database_in_the_path_is_selected()
    {
        using var redis = await RedisServer.StartAsync(["--requirepass", Password, "--databases", "4"]);

        var result = await _checker.CheckAsync($"redis://:{Password}@127.0.0.1:{redis.Port}/3", conditions: Observed);
        var missing = await _checker.CheckAsync($"redis://:{Password}@127.0.0.1:{redis.Port}/4");

        Assert.Equal((CheckStatus.Up, ""), (result.Status, string.Join("; ", result.Errors)));
        Assert.Equal(CheckStatus.Down, missing.Status);
        Assert.Equal(["SELECT failed: ERR DB index is out of range"], missing.Errors);
    }

    [Fact]
    public async Task A_password_with_reserved_characters_is_given_percent_encoded()
    {
        using var redis = await RedisServer.StartAsync(["--requirepass", "p@ss word:/#"]);

        var result = await _checker.CheckAsync($"redis://:{Uri.EscapeDataString("p@ss word:/#")}@127.0.0.1:{redis.Port}");

        Assert.Equal((CheckStatus.Up, ""), (result.Status, string.Join("; ", result.Errors)));
    }

    [Fact]
    public async Task An_ACL_user_and_password_authenticate_as_that_user()
    {
        using var redis = await RedisServer.StartAsync(["--user", "monitor", "on", $">{Password}", "+ping", "--requirepass", "another-one"]);

        var result = await _checker.CheckAsync($"redis://monitor:{Password}@127.0.0.1:{redis.Port}");
        var asDefault = await _checker.CheckAsync($"redis://:{Password}@127.0.0.1:{redis.Port}");

        Assert.Equal((CheckStatus.Up, ""), (result.Status, string.Join("; ", result.Errors)));
        Assert.Equal(CheckStatus.Down, asDefault.Status);
        Assert.StartsWith("AUTH failed: WRONGPASS", Assert.Single(asDefault.Errors));
    }

    [Fact]
    public async Task A_wrong_password_is_down_with_WRONGPASS_and_the_error_does_not_hold_the_password()
    {
        using var redis = await RedisServer.StartAsync(["--requirepass", Password]);

        var result = await _checker.CheckAsync($"redis://:not-the-password-at-all@127.0.0.1:{redis.Port}");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["AUTH failed: WRONGPASS invalid username-password pair or user is disabled."], result.Errors);
        Assert.DoesNotContain("not-the-password", result.Error);
    }

    [Fact]
    public async Task No_password_where_one_is_required_is_down_with_NOAUTH()
    {
        using var redis = await RedisServer.StartAsync(["--requirepass", Password]);

        var result = await _checker.CheckAsync($"redis://127.0.0.1:{redis.Port}", conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["PING failed: NOAUTH Authentication required."], result.Errors);
    }

    [Fact]
    public async Task A_refused_port_is_down_with_the_reason_and_not_connected()
    {
        var result = await _checker.CheckAsync($"redis://:{Password}@127.0.0.1:{TestTarget.FreePort()}", conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("refused", result.Errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("[CONNECTED] (false) == true", result.Errors[1]);
        Assert.DoesNotContain(Password, result.Error);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_times_out()
    {
        // Connections complete in the listener's backlog; nothing ever reads or answers them.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var result = await _checker.CheckAsync($"redis://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}", timeoutSeconds: 1, conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["timed out after 1s"], result.Errors);
    }

    [Fact]
    public async Task A_server_that_is_not_Redis_is_down_with_what_it_answered()
    {
        await using var web = await TestTarget.StartAsync();

        var result = await _checker.CheckAsync($"redis://:{Password}@127.0.0.1:{web.Port}");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("not a Redis answer to AUTH: 'HTTP/1.1 400 Bad Request'", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task Rediss_speaks_TLS_and_refuses_a_certificate_it_cannot_trust()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var redis = await RedisServer.StartAsync(tlsCertificate: certificate);

        var result = await _checker.CheckAsync($"rediss://127.0.0.1:{redis.Port}");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("the TLS handshake failed: ", Assert.Single(result.Errors));
        Assert.Contains("UntrustedRoot", result.Errors[0]);
    }
}
