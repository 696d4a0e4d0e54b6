using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

// The servers' certificates are self-signed and validation stays on: every handshake here is refused for the
// untrusted root. The tests show that error, what else is wrong with the certificate, and that its expiry is
// recorded anyway for [CERTIFICATE_EXPIRATION].
public sealed class TlsCheckTests : IAsyncLifetime
{
    private CheckerHarness _checker = null!;

    public async Task InitializeAsync() => _checker = await CheckerHarness.StartAsync();

    public async Task DisposeAsync() => await _checker.DisposeAsync();

    [Fact]
    public async Task An_untrusted_certificate_is_down_with_the_chain_error_even_when_far_from_expiry()
    {
        using var certificate = SelfSigned(DateTimeOffset.UtcNow.AddDays(30));
        await using var server = await TestTarget.StartAsync(certificate);
        var url = $"tls://127.0.0.1:{server.Port}";

        var plain = await _checker.CheckAsync(url);
        var conditioned = await _checker.CheckAsync(url, conditions: ["[CERTIFICATE_EXPIRATION] > 72h", "[CONNECTED] == true", "[RESPONSE_TIME] < 5000"]);

        Assert.Equal(CheckStatus.Down, plain.Status);
        var error = Assert.Single(plain.Errors);
        Assert.StartsWith("the TLS certificate is refused: the certificate chain is not valid: UntrustedRoot", error);
        Assert.DoesNotContain("NotTimeValid", error);
        Assert.Equal(CheckStatus.Down, conditioned.Status);
        Assert.Equal([error], conditioned.Errors);
    }

    [Fact]
    public async Task A_certificate_expiring_soon_fails_the_expiry_condition_with_its_time_left()
    {
        using var certificate = SelfSigned(DateTimeOffset.UtcNow.AddDays(2));
        await using var server = await TestTarget.StartAsync(certificate);

        var result = await _checker.CheckAsync($"tls://127.0.0.1:{server.Port}", conditions: ["[CERTIFICATE_EXPIRATION] > 72h"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("UntrustedRoot", result.Errors[0]);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (47h59m", result.Errors[1]);
        Assert.EndsWith(") > 72h", result.Errors[1]);
    }

    [Fact]
    public async Task An_expired_certificate_is_refused_as_expired_and_shows_how_long_ago()
    {
        using var certificate = SelfSigned(DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = await TestTarget.StartAsync(certificate);

        var result = await _checker.CheckAsync($"tls://127.0.0.1:{server.Port}", conditions: ["[CERTIFICATE_EXPIRATION] > 0s"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("NotTimeValid", result.Errors[0]);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (-24h0m", result.Errors[1]);
    }

    [Fact]
    public async Task A_certificate_for_another_name_is_refused_for_the_name()
    {
        using var certificate = SelfSigned(DateTimeOffset.UtcNow.AddDays(30));
        await using var server = await TestTarget.StartAsync(certificate);

        var result = await _checker.CheckAsync($"tls://localhost:{server.Port}");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("the certificate is not for localhost", Assert.Single(result.Errors));
    }

    [Fact]
    public async Task A_refused_port_is_down_with_the_reason_and_no_certificate()
    {
        var result = await _checker.CheckAsync($"tls://127.0.0.1:{TestTarget.FreePort()}", conditions: ["[CONNECTED] == true", "[CERTIFICATE_EXPIRATION] > 72h"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("refused", result.Errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal(["[CONNECTED] (false) == true", "[CERTIFICATE_EXPIRATION] (no certificate) > 72h"], result.Errors.Skip(1));
    }

    /// <summary>A certificate for 127.0.0.1 valid for 30 days until <paramref name="notAfter"/>, trusted by nobody.</summary>
    internal static X509Certificate2 SelfSigned(DateTimeOffset notAfter)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        return request.CreateSelfSigned(notAfter.AddDays(-30), notAfter);
    }
}
