using System.Text.Json;
using Sentinel.Channels;
using Sentinel.Checks;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Alerter.Tests.Channels;

/// <summary>The notices and helpers the per-kind channel tests share.</summary>
public static class SampleNotices
{
    public static readonly DateTime DownAt = new(2026, 11, 24, 9, 0, 0, DateTimeKind.Utc);

    /// <summary>A monitor going down; its name holds markup characters that no channel may read as markup.</summary>
    public static readonly Notification Down = new()
    {
        Kind = NotificationKind.Down,
        MonitorId = Guid.Parse("01a20cf3-9e84-7e04-bee5-f257ea31a29a"),
        MonitorName = "checkout <eu>",
        MonitorUrl = "https://shop.example/health",
        ChangedAt = DownAt,
        Error = "unexpected status code 503",
        StatusCode = 503,
        LatencyMs = 120.4,
        DownSince = DownAt,
        TransitionId = Guid.Parse("019ac2e4-5a70-7c11-8e2b-6d4f0c9a2e15"),
        DeliveryId = Guid.Parse("019ac2e4-5b1f-7d3a-9c40-3f2e8a6b1d07"),
    };

    public static readonly Notification Up = Down with
    {
        Kind = NotificationKind.Up,
        ChangedAt = DownAt.AddMinutes(12).AddSeconds(5),
        Error = null,
        StatusCode = 200,
        LatencyMs = 35,
    };

    /// <summary>
    /// A monitor checked from three regions going down: two failed, each with what it saw, and one did not answer.
    /// </summary>
    public static readonly Notification DownInRegions = Down with
    {
        State = MonitorState.Down,
        Regions =
        [
            new RegionResult { Region = "eu", Status = CheckStatus.Down, Error = "connection refused", LatencyMs = 3.2 },
            new RegionResult { Region = "us", Status = CheckStatus.Down, Error = "[STATUS] (503) == 200", StatusCode = 503, LatencyMs = 88 },
            new RegionResult { Region = "ap" },
        ],
        Quorum = 2,
    };

    public static JsonElement Json(object payload) => JsonSerializer.SerializeToElement(payload, JsonWebhookClient.Json);

    /// <summary>A client posting straight to the local receiver (the outbound guard is the alerter's, tested there).</summary>
    public static JsonWebhookClient Client() => new(new HttpClient());

    /// <summary>The errors <paramref name="settings"/> get, by field, and what would be stored.</summary>
    public static (Dictionary<string, string[]> Errors, ChannelSettings Resolved) Resolve(ChannelSettings settings, ChannelSettings? stored = null)
    {
        var errors = new CheckErrors();
        var resolved = settings.Resolve(stored, errors);
        return (errors.ToDictionary(), resolved);
    }

    /// <summary>The one request the receiver got at <paramref name="path"/>, as JSON, after checking what every JSON channel sends.</summary>
    public static (ReceivedRequest Request, JsonElement Body) SingleJsonPost(WebhookReceiver receiver, string path)
    {
        var request = Assert.Single(receiver.At(path));
        Assert.Equal("POST", request.Method);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(request.Body), request.ContentLength);
        return (request, JsonDocument.Parse(request.Body).RootElement);
    }
}
