using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Sentinel.Testing;

/// <summary>
/// A local stand-in for Slack, Discord or any webhook: records every request by path, and answers each path
/// with the status codes queued for it (200 once the queue is empty).
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(int Status, string? Body)>> _answers = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    private WebhookReceiver(WebApplication app, int port)
    {
        _app = app;
        Port = port;
    }

    public int Port { get; }

    public string UrlFor(string path) => $"http://127.0.0.1:{Port}/{path.TrimStart('/')}";

    public static async Task<WebhookReceiver> StartAsync()
    {
        var port = TestTarget.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app, port);
        app.Run(receiver.HandleAsync);
        await app.StartAsync();
        return receiver;
    }

    /// <summary>The next requests to <paramref name="path"/> get these status codes, in order.</summary>
    public void Answer(string path, params int[] statusCodes) => statusCodes.ToList().ForEach(code => Answer(path, code, null));

    /// <summary>The next request to <paramref name="path"/> gets <paramref name="statusCode"/> with <paramref name="body"/> as plain text.</summary>
    public void Answer(string path, int statusCode, string? body) =>
        _answers.GetOrAdd("/" + path.TrimStart('/'), _ => new ConcurrentQueue<(int, string?)>()).Enqueue((statusCode, body));

    /// <summary>Requests received so far at <paramref name="path"/>, answered with 2xx or not.</summary>
    public IReadOnlyList<ReceivedRequest> At(string path) => _requests.Where(r => r.Path == "/" + path.TrimStart('/')).ToList();

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync();
        var path = context.Request.Path.Value ?? "/";
        var (status, answer) = _answers.TryGetValue(path, out var queue) && queue.TryDequeue(out var queued) ? queued : (200, null);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        _requests.Enqueue(new ReceivedRequest(path, context.Request.Method, context.Request.ContentType, context.Request.ContentLength, body, status, headers));
        context.Response.StatusCode = status;
        if (status == StatusCodes.Status429TooManyRequests)
        {
            context.Response.Headers.RetryAfter = "1";
        }

        if (answer is not null)
        {
            context.Response.ContentType = "text/plain";
            await context.Response.WriteAsync(answer);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

/// <param name="Headers">Every request header, by case-insensitive name.</param>
public sealed record ReceivedRequest(
    string Path, string Method, string? ContentType, long? ContentLength, string Body, int AnsweredWith, IReadOnlyDictionary<string, string> Headers);
