using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sentinel.Testing;

/// <summary>
/// A local HTTP server for checks to hit. Its answer can be changed while it runs, and it can be switched off
/// (connections refused) and on again on the same port.
/// </summary>
public sealed class TestTarget : IAsyncDisposable
{
    private readonly X509Certificate2? _certificate;
    private WebApplication? _app;
    private int _requests;
    private int _failNext;

    /// <param name="certificate">When given, the target serves HTTPS with it.</param>
    public TestTarget(X509Certificate2? certificate = null)
    {
        Port = FreePort();
        _certificate = certificate;
    }

    public int Port { get; }
    public string Url => $"{(_certificate is null ? "http" : "https")}://127.0.0.1:{Port}/";

    /// <summary>Status code of the next answers.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>Body of the next answers.</summary>
    public string Body { get; set; } = "ok";

    /// <summary>How long each answer is held back.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// When set, answers are held back until this task completes: a test that needs a target slower than something
    /// else releases it after that, rather than guessing a delay long enough on a busy machine.
    /// </summary>
    public Task? AnswerAfter { get; set; }

    /// <summary>When set, every answer is a 302 to this URL.</summary>
    public string? RedirectTo { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    /// <summary>The next this many answers are 503s, whatever <see cref="StatusCode"/> says.</summary>
    public int FailNext
    {
        get => Math.Max(0, Volatile.Read(ref _failNext));
        set => Volatile.Write(ref _failNext, value);
    }

    /// <summary>When set, every other answer is a 503 whatever the rest say: a target that flips on every check.</summary>
    public bool Alternate { get; set; }

    /// <summary>Method, headers and body (as UTF-8) of the last request.</summary>
    public (string Method, IReadOnlyDictionary<string, string> Headers, string Body)? LastRequest { get; private set; }

    public static async Task<TestTarget> StartAsync(X509Certificate2? certificate = null)
    {
        var target = new TestTarget(certificate);
        await target.SwitchOnAsync();
        return target;
    }

    public async Task SwitchOnAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, Port, listen =>
        {
            if (_certificate is not null)
            {
                listen.UseHttps(_certificate);
            }
        }));
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            using var body = new StreamReader(context.Request.Body);
            LastRequest = (context.Request.Method,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
                await body.ReadToEndAsync(context.RequestAborted));
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (AnswerAfter is { } release)
            {
                await release.WaitAsync(context.RequestAborted);
            }

            if (RedirectTo is { } location)
            {
                context.Response.Redirect(location);
                return;
            }

            var failing = Interlocked.Decrement(ref _failNext) >= 0 || (Alternate && Requests % 2 == 0);
            context.Response.StatusCode = failing ? 503 : StatusCode;
            await context.Response.WriteAsync(Body);
        });
        await app.StartAsync();
        _app = app;
    }

    public async Task SwitchOffAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(SwitchOffAsync());

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
