using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Sentinel.Contracts;

namespace Sentinel.Api.Live;

/// <summary>
/// What a browser gets for one transition: the data of a <c>status</c> event. <see cref="InMaintenance"/>: the change was
/// made in a maintenance window, so the monitor shows <c>maintenance</c> whatever its state.
/// </summary>
public sealed record StatusEvent(
    Guid MonitorId, MonitorState State, MonitorState PreviousState, DateTime ChangedAt, double LatencyMs, string? Error, bool InMaintenance)
{
    public static StatusEvent From(MonitorStatusChanged change) =>
        new(change.MonitorId, change.State, change.PreviousState, change.ChangedAt, change.LatencyMs, change.Error, change.InMaintenance);
}

/// <summary>
/// <c>GET /dashboard/events</c>: monitor transitions as server-sent events, for the dashboard's pages to update
/// themselves (<c>wwwroot/dashboard.js</c>).
/// </summary>
/// <remarks>
/// The stream opens with a <c>retry:</c> field and then carries one <c>status</c> event per transition, its data the
/// JSON of a <see cref="StatusEvent"/>. A comment line every <see cref="HeartbeatInterval"/> keeps proxies and load
/// balancers from closing a quiet stream. The stream ends when the client goes, when the process stops, and when the
/// client has fallen too far behind (<see cref="StatusFeed"/>); the browser then reconnects by itself.
/// </remarks>
public static class StatusEvents
{
    public const string Path = "/dashboard/events";

    public const string EventName = "status";

    /// <summary>Under the idle timeouts of common proxies (nginx 60 s, AWS load balancers 60 s).</summary>
    public static readonly TimeSpan HeartbeatInterval = TimeSpan.FromSeconds(15);

    /// <summary>How long a browser waits before reconnecting, sent as the stream's <c>retry:</c> field.</summary>
    private static readonly TimeSpan ReconnectDelay = TimeSpan.FromSeconds(2);

    /// <summary>Maps the stream. It answers anyone: add the authorization the dashboard's pages have.</summary>
    public static RouteHandlerBuilder MapStatusEvents(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, StreamAsync).ExcludeFromDescription();

    private static async Task StreamAsync(
        HttpContext http, StatusFeed feed, IHostApplicationLifetime lifetime, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        // Stopping the app ends the stream too: otherwise shutdown would wait for every open browser tab.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted, lifetime.ApplicationStopping);
        // Before the first byte goes out: a client that has the response headers misses no transition after them.
        using var subscription = feed.Subscribe();

        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-cache, no-store";
        // nginx buffers proxied responses unless told not to.
        http.Response.Headers["X-Accel-Buffering"] = "no";
        http.Features.GetRequiredFeature<IHttpResponseBodyFeature>().DisableBuffering();

        try
        {
            await WriteAsync(http, $"retry: {(int)ReconnectDelay.TotalMilliseconds}\n\n", stop.Token);
            var changes = subscription.Changes;
            while (true)
            {
                bool more;
                using (var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(stop.Token))
                {
                    heartbeat.CancelAfter(HeartbeatInterval);
                    try
                    {
                        more = await changes.WaitToReadAsync(heartbeat.Token);
                    }
                    catch (OperationCanceledException) when (!stop.IsCancellationRequested)
                    {
                        await WriteAsync(http, ": heartbeat\n\n", stop.Token);
                        continue;
                    }
                }

                if (!more)
                {
                    return;
                }

                while (changes.TryRead(out var change))
                {
                    var data = JsonSerializer.Serialize(StatusEvent.From(change), json.Value.SerializerOptions);
                    await http.Response.WriteAsync($"event: {EventName}\ndata: {data}\n\n", stop.Token);
                }

                await http.Response.Body.FlushAsync(stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException && stop.IsCancellationRequested)
        {
            // The client went or the app is stopping: the response just ends.
        }
    }

    private static async Task WriteAsync(HttpContext http, string text, CancellationToken ct)
    {
        await http.Response.WriteAsync(text, ct);
        await http.Response.Body.FlushAsync(ct);
    }
}
