using System.Net;
using System.Net.Sockets;
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
    private WebApplication? _app;
    private int _requests;

    public TestTarget() => Port = FreePort();

    public int Port { get; }
    public string Url => $"http://127.0.0.1:{Port}/";

    /// <summary>Status code of the next answers.</summary>
    public int StatusCode { get; set; } = 200;

    /// <summary>How long each answer is held back.</summary>
    public TimeSpan Delay { get; set; } = TimeSpan.Zero;

    /// <summary>When set, every answer is a 302 to this URL.</summary>
    public string? RedirectTo { get; set; }

    public int Requests => Volatile.Read(ref _requests);

    public static async Task<TestTarget> StartAsync()
    {
        var target = new TestTarget();
        await target.SwitchOnAsync();
        return target;
    }

    public async Task SwitchOnAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{Port}");
        var app = builder.Build();
        app.Run(async context =>
        {
            Interlocked.Increment(ref _requests);
            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (RedirectTo is { } location)
            {
                context.Response.Redirect(location);
                return;
            }

            context.Response.StatusCode = StatusCode;
            await context.Response.WriteAsync("ok");
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
