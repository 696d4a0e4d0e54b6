using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

public sealed class ConditionCheckTests : CheckerWithTarget
{
    [Fact]
    public async Task Conditions_decide_instead_of_the_2xx_default()
    {
        Target.StatusCode = 503;

        var expected503 = await Checker.CheckAsync(Target.Url, conditions: ["[STATUS] == 503"]);
        var expected200 = await Checker.CheckAsync(Target.Url, conditions: ["[STATUS] == 200", "[RESPONSE_TIME] < 5000"]);

        Assert.Equal(CheckStatus.Up, expected503.Status);
        Assert.Empty(expected503.Errors);
        Assert.Null(expected503.Error);
        Assert.Equal(CheckStatus.Down, expected200.Status);
        Assert.Equal(["[STATUS] (503) == 200"], expected200.Errors);
        Assert.Equal("[STATUS] (503) == 200", expected200.Error);
        Assert.Equal(503, expected200.StatusCode);
    }

    [Fact]
    public async Task Body_conditions_read_json_paths_lengths_and_patterns_and_report_each_failure()
    {
        string[] conditions = ["[BODY].status == UP", "len([BODY].items) > 0", "[BODY] == pat(*\"status\"*)", "[BODY].items[0].id == 7"];
        Target.Body = """{"status": "UP", "items": [{"id": 7}]}""";

        var healthy = await Checker.CheckAsync(Target.Url, conditions: conditions);

        Target.Body = """{"status": "DOWN", "items": []}""";
        var broken = await Checker.CheckAsync(Target.Url, conditions: conditions);

        Assert.Equal(CheckStatus.Up, healthy.Status);
        Assert.Equal(CheckStatus.Down, broken.Status);
        Assert.Equal(["[BODY].status (DOWN) == UP", "len([BODY].items) (0) > 0", "[BODY].items[0].id (missing) == 7"], broken.Errors);
        Assert.Equal("[BODY].status (DOWN) == UP; len([BODY].items) (0) > 0; [BODY].items[0].id (missing) == 7", broken.Error);
    }

    [Fact]
    public async Task A_body_over_1_MiB_is_refused_when_a_condition_needs_it_and_never_read_otherwise()
    {
        Target.Body = new string('x', 2 * 1024 * 1024);

        var needsBody = await Checker.CheckAsync(Target.Url, conditions: ["[BODY] == pat(*x*)"]);
        var statusOnly = await Checker.CheckAsync(Target.Url, conditions: ["[STATUS] == 200"]);

        Assert.Equal(CheckStatus.Down, needsBody.Status);
        Assert.StartsWith("the body is larger than 1 MiB", needsBody.Errors[0]);
        Assert.Equal(CheckStatus.Up, statusOnly.Status);
    }

    [Fact]
    public async Task A_slow_answer_fails_a_response_time_condition_with_the_time_it_took()
    {
        Target.Delay = TimeSpan.FromMilliseconds(300);

        var result = await Checker.CheckAsync(Target.Url, conditions: ["[RESPONSE_TIME] < 100"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Matches(@"^\[RESPONSE_TIME\] \((\d+)\) < 100$", error);
        // The answer's delay at least, and within the check's timeout (5 s), past which it would be a timeout instead.
        Assert.InRange(int.Parse(error[17..error.IndexOf(')')]), 250, 5000);
        // Whole milliseconds, cut as Gatus cuts them, of the latency the result reports (rounded there to the microsecond).
        Assert.InRange(int.Parse(error[17..error.IndexOf(')')]), Math.Floor(result.LatencyMs) - 1, Math.Floor(result.LatencyMs));
    }

    [Fact]
    public async Task A_tcp_check_tests_connected_and_a_refused_port_says_why_and_which_condition_failed()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var url = $"tcp://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}";
        string[] conditions = ["[CONNECTED] == true", "[RESPONSE_TIME] < 5000"];

        var open = await Checker.CheckAsync(url, conditions: conditions);
        listener.Stop();
        var closed = await Checker.CheckAsync(url, conditions: conditions);

        Assert.Equal(CheckStatus.Up, open.Status);
        Assert.Equal(CheckStatus.Down, closed.Status);
        Assert.Equal(2, closed.Errors.Count);
        Assert.Contains("refused", closed.Errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("[CONNECTED] (false) == true", closed.Errors[1]);
    }

    // The targets' certificates are self-signed, and TLS verification stays on: every HTTPS check here is down
    // for the untrusted certificate. The expiry is recorded anyway, so the tests show the condition's verdict
    // beside that error (and that the certificate check was not weakened to get it).
    [Fact]
    public async Task A_certificate_expiring_within_the_condition_is_reported_with_its_time_left()
    {
        var result = await CheckHttpsAsync(DateTimeOffset.UtcNow.AddDays(2), "[CERTIFICATE_EXPIRATION] > 72h");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(2, result.Errors.Count);
        Assert.Contains("The SSL connection could not be established", result.Errors[0]);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (47h59m", result.Errors[1]);
        Assert.EndsWith(") > 72h", result.Errors[1]);
    }

    [Fact]
    public async Task An_expired_certificate_shows_how_long_ago_it_expired()
    {
        var result = await CheckHttpsAsync(DateTimeOffset.UtcNow.AddDays(-1), "[CERTIFICATE_EXPIRATION] > 0s");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("[CERTIFICATE_EXPIRATION] (-24h0m", result.Errors[^1]);
    }

    [Fact]
    public async Task A_certificate_far_from_expiry_passes_the_condition_but_an_untrusted_one_is_still_down()
    {
        var result = await CheckHttpsAsync(DateTimeOffset.UtcNow.AddDays(30), "[CERTIFICATE_EXPIRATION] > 72h");

        Assert.Equal(CheckStatus.Down, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Contains("The SSL connection could not be established", error);
        Assert.Contains("certificate", error[error.IndexOf(':')..]);
    }

    private async Task<CheckCompleted> CheckHttpsAsync(DateTimeOffset notAfter, string condition)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        using var certificate = request.CreateSelfSigned(notAfter.AddDays(-30), notAfter);
        await using var target = await TestTarget.StartAsync(certificate);

        return await Checker.CheckAsync(target.Url, conditions: [condition]);
    }
}
