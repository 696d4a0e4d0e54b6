using MassTransit.Testing;
using System.Net;
using System.Net.Sockets;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

public sealed class RunCheckConsumerTests : CheckerWithTarget
{
    [Fact]
    public async Task A_2xx_answer_is_up_with_its_status_code_and_latency()
    {
        var result = await Checker.CheckAsync(Target.Url);

        Assert.Equal(CheckStatus.Up, result.Status);
        Assert.Equal(200, result.StatusCode);
        Assert.Null(result.Error);
        Assert.InRange(result.LatencyMs, 0.001, 5000);
        Assert.Equal(2, result.FailureThreshold);
        Assert.Equal(3, result.SuccessThreshold);
    }

    [Fact]
    public async Task A_5xx_answer_is_down_and_says_which_code()
    {
        Target.StatusCode = 503;

        var result = await Checker.CheckAsync(Target.Url);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(503, result.StatusCode);
        Assert.Equal("unexpected status code 503", result.Error);
        Assert.Equal(["unexpected status code 503"], result.Errors);
    }

    [Fact]
    public async Task Expected_status_codes_replace_the_2xx_default()
    {
        Target.StatusCode = 404;
        Assert.Equal(CheckStatus.Up, (await Checker.CheckAsync(Target.Url, expectedStatusCodes: [404])).Status);

        Target.StatusCode = 200;
        var result = await Checker.CheckAsync(Target.Url, expectedStatusCodes: [404]);
        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal("unexpected status code 200", result.Error);
    }

    [Fact]
    public async Task A_target_slower_than_the_timeout_is_down_after_the_timeout()
    {
        Target.Delay = TimeSpan.FromSeconds(10);

        var result = await Checker.CheckAsync(Target.Url, timeoutSeconds: 1);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal("timed out after 1s", result.Error);
        // At least the timeout, and short of the answer it gave up on, however busy the machine.
        Assert.InRange(result.LatencyMs, 900, Target.Delay.TotalMilliseconds);
    }

    [Fact]
    public async Task A_refused_connection_is_down_with_the_reason()
    {
        await Target.SwitchOffAsync();

        var result = await Checker.CheckAsync(Target.Url);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Null(result.StatusCode);
        Assert.Contains("refused", result.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Every_check_opens_its_own_connection()
    {
        var connections = 0;
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var server = Task.Run(async () =>
        {
            // A keep-alive HTTP server: answers every request on a connection, never closes it first.
            while (true)
            {
                var client = await listener.AcceptTcpClientAsync();
                Interlocked.Increment(ref connections);
                _ = Task.Run(async () =>
                {
                    using var c = client;
                    var stream = c.GetStream();
                    var buffer = new byte[4096];
                    while (await stream.ReadAsync(buffer) > 0)
                    {
                        await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: keep-alive\r\n\r\n"u8.ToArray());
                    }
                });
            }
        });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(CheckStatus.Up, (await Checker.CheckAsync($"http://127.0.0.1:{port}/")).Status);
        }

        Assert.Equal(3, Volatile.Read(ref connections));
        listener.Stop();
        _ = server;
    }

    [Fact]
    public async Task A_tcp_check_is_up_when_the_port_accepts_and_down_when_it_refuses()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        var up = await Checker.CheckAsync($"tcp://127.0.0.1:{port}");
        Assert.Equal(CheckStatus.Up, up.Status);
        Assert.Null(up.StatusCode);

        listener.Stop();
        var down = await Checker.CheckAsync($"tcp://127.0.0.1:{port}");
        Assert.Equal(CheckStatus.Down, down.Status);
        Assert.Contains("refused", down.Error, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task A_check_of_a_kind_this_checker_does_not_know_is_down_rather_than_lost()
    {
        // As a newer scheduler might send before this checker is upgraded.
        var check = CheckerHarness.NewCheck(Target.Url) with
        {
            Check = System.Text.Json.JsonDocument.Parse("""{"kind": "smtp", "url": "smtp://127.0.0.1:25"}""").RootElement,
        };

        await Checker.SendAsync(new RunChecks { Checks = [check] });

        var result = (await Checker.Harness.Published.SelectAsync<ChecksCompleted>(m => m.Context.Message.Results.Any(r => r.CheckId == check.CheckId)).FirstOrDefault())!.Context.Message.Results.Single();
        Assert.Equal((check.CheckId, CheckStatus.Down, 0), (result.CheckId, result.Status, result.Attempts));
        Assert.Contains("not a check this checker can run", result.Error);
    }
}
