using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

public sealed class HttpOptionsCheckTests : CheckerWithTarget
{
    [Fact]
    public async Task The_body_arrives_with_its_content_type()
    {
        var result = await Checker.CheckAsync(Target.Url, with: c => c with { Method = "POST", Body = """{"probe":"é"}""", ContentType = "application/json" });

        Assert.Equal(CheckStatus.Up, result.Status);
        var (method, headers, body) = Target.LastRequest!.Value;
        Assert.Equal("POST", method);
        Assert.Equal("application/json", headers["Content-Type"]);
        Assert.Equal("""{"probe":"é"}""", body);
    }

    [Fact]
    public async Task Basic_credentials_arrive_in_the_authorization_header()
    {
        await Checker.CheckAsync(Target.Url, with: c => c with { BasicAuth = new BasicAuth("monitor", "s3cret:pass") });

        var expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("monitor:s3cret:pass"));
        Assert.Equal(expected, Target.LastRequest!.Value.Headers["Authorization"]);
        Assert.Equal("", Target.LastRequest!.Value.Body);
    }

    [Fact]
    public async Task A_bearer_token_arrives_in_the_authorization_header()
    {
        await Checker.CheckAsync(Target.Url, with: c => c with { BearerToken = "tok-123" });

        Assert.Equal("Bearer tok-123", Target.LastRequest!.Value.Headers["Authorization"]);
    }

    [Fact]
    public async Task Without_following_redirects_the_redirect_is_the_answer()
    {
        await using var final = await TestTarget.StartAsync();
        Target.RedirectTo = final.Url;

        var followed = await Checker.CheckAsync(Target.Url);
        var kept = await Checker.CheckAsync(Target.Url, with: c => c with { FollowRedirects = false });

        Assert.Equal((CheckStatus.Up, 200), (followed.Status, followed.StatusCode));
        Assert.Equal((CheckStatus.Down, 302), (kept.Status, kept.StatusCode));
        Assert.Equal("unexpected status code 302", kept.Error);
        Assert.Equal(1, final.Requests);
    }

    [Fact]
    public async Task Without_tls_verification_a_self_signed_target_is_up_and_its_expiry_still_counts()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
        await using var https = await TestTarget.StartAsync(certificate);

        var verified = await Checker.CheckAsync(https.Url);
        var unverified = await Checker.CheckAsync(https.Url, with: c => c with { VerifyTls = false });
        var expiring = await Checker.CheckAsync(https.Url, conditions: ["[CERTIFICATE_EXPIRATION] > 72h"], with: c => c with { VerifyTls = false });

        Assert.Equal(CheckStatus.Down, verified.Status);
        Assert.Equal((CheckStatus.Up, 200), (unverified.Status, unverified.StatusCode));
        Assert.Equal(CheckStatus.Down, expiring.Status);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (", Assert.Single(expiring.Errors));
    }

    [Fact]
    public async Task A_target_failing_fewer_times_than_the_retries_is_up_after_as_many_attempts()
    {
        Target.FailNext = 2;

        var result = await Checker.CheckAsync(Target.Url, with: c => c with { Retries = 2 });

        Assert.Equal((CheckStatus.Up, 200, 3), (result.Status, result.StatusCode, result.Attempts));
        Assert.Equal(3, Target.Requests);
    }

    [Fact]
    public async Task A_target_failing_every_attempt_is_down_after_retries_plus_one_attempts()
    {
        Target.StatusCode = 503;

        var started = DateTime.UtcNow;
        var result = await Checker.CheckAsync(Target.Url, with: c => c with { Retries = 2 });

        Assert.Equal((CheckStatus.Down, 503, 3), (result.Status, result.StatusCode, result.Attempts));
        Assert.Equal("unexpected status code 503", result.Error);
        Assert.Equal(3, Target.Requests);
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromSeconds(2 * ProbeCheck.RetryDelaySeconds), "the retries wait between attempts");
    }

    [Fact]
    public async Task Without_retries_a_failure_is_one_attempt()
    {
        Target.FailNext = 1;

        var result = await Checker.CheckAsync(Target.Url);

        Assert.Equal((CheckStatus.Down, 1), (result.Status, result.Attempts));
        Assert.Equal(1, Target.Requests);
    }
}
