using System.Net;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

/// <summary>
/// A real gRPC server on a loopback port: Kestrel speaking HTTP/2 (h2c, or over TLS with a certificate) with the
/// standard health service of Grpc.HealthCheck, whose statuses a test sets.
/// </summary>
public sealed class GrpcTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly bool _secure;
    private int _connections;

    private GrpcTarget(WebApplication app, int port, bool secure)
    {
        _app = app;
        Port = port;
        _secure = secure;
    }

    public int Port { get; }

    /// <summary>The statuses the server's health service answers with; the whole server ("") is SERVING at start.</summary>
    public HealthServiceImpl Statuses { get; } = new();

    /// <summary>When set, health checks get no answer until the caller gives up.</summary>
    public bool Hangs { get; set; }

    /// <summary>Connections the server has accepted.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The check URL for <paramref name="service"/>, or for the whole server.</summary>
    public string Url(string service = "") => $"{(_secure ? "grpcs" : "grpc")}://127.0.0.1:{Port}/{service}";

    /// <param name="withHealth">False serves another gRPC service (reflection) but not the health service.</param>
    /// <param name="certificate">When given, the server talks TLS with it.</param>
    public static async Task<GrpcTarget> StartAsync(bool withHealth = true, X509Certificate2? certificate = null)
    {
        var port = TestTarget.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        GrpcTarget? target = null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port, listen =>
        {
            // Without TLS there is no ALPN to agree on HTTP/2: the port speaks it alone, as gRPC servers do.
            listen.Protocols = HttpProtocols.Http2;
            listen.Use(next => connection =>
            {
                Interlocked.Increment(ref target!._connections);
                return next(connection);
            });
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddGrpc();
        builder.Services.AddGrpcReflection();
        builder.Services.AddSingleton(_ => target!);
        var app = builder.Build();
        target = new GrpcTarget(app, port, certificate is not null);
        target.Statuses.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        if (withHealth)
        {
            app.MapGrpcService<HealthService>();
        }
        else
        {
            app.MapGrpcReflectionService();
        }

        await app.StartAsync();
        return target;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The target's <see cref="GrpcTarget.Statuses"/>, held back while it <see cref="GrpcTarget.Hangs"/>.</summary>
    private sealed class HealthService(GrpcTarget target) : Health.HealthBase
    {
        public override async Task<HealthCheckResponse> Check(HealthCheckRequest request, ServerCallContext context)
        {
            if (target.Hangs)
            {
                await Task.Delay(Timeout.Infinite, context.CancellationToken);
            }

            return await target.Statuses.Check(request, context);
        }
    }
}
