using System.Net.Http.Headers;
using System.Text.Json;
using Sentinel.Testing;

namespace Sentinel.Api.Tests;

/// <summary>An open <c>GET /dashboard/events</c>, read as a browser's EventSource would read it.</summary>
public sealed class StatusEventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private StatusEventStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens the stream; once this returns, the api passes on every transition it hears.</summary>
    public static async Task<StatusEventStream> OpenAsync(HttpClient client)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, "/dashboard/events");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        return new StatusEventStream(response, new StreamReader(await response.Content.ReadAsStreamAsync()));
    }

    /// <summary>The data of the next <c>status</c> event, or null when the server has ended the stream.</summary>
    public async Task<JsonElement?> NextStatusAsync()
    {
        using var patience = new CancellationTokenSource(Eventually.Patience);
        string? eventName = null;
        while (await _reader.ReadLineAsync(patience.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                eventName = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && eventName == "status")
            {
                return JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone();
            }
            else if (line.Length == 0)
            {
                eventName = null;
            }
        }

        return null;
    }

    /// <summary>
    /// Reads status events until one for each of <paramref name="monitorIds"/> has come (transitions of other
    /// tests' monitors pass on the shared broker too), and returns those, in the order they came.
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> StatusesOfAsync(IReadOnlyCollection<Guid> monitorIds)
    {
        var wanted = monitorIds.ToHashSet();
        var seen = new List<JsonElement>();
        while (wanted.Count > 0)
        {
            var status = await NextStatusAsync()
                ?? throw new InvalidOperationException($"The stream ended with {wanted.Count} of {monitorIds.Count} transitions not seen");
            if (wanted.Remove(status.GetProperty("monitorId").GetGuid()))
            {
                seen.Add(status);
            }
        }

        return seen;
    }

    public async ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        await Task.CompletedTask;
    }
}
