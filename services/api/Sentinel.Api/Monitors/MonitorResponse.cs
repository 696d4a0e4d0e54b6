using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

public enum MonitorStatusName
{
    Pending,
    Up,
    Down,
    Paused,
}

public sealed record MonitorResponse(
    Guid Id,
    string Name,
    string Type,
    string? Url,
    int IntervalSeconds,
    int TimeoutSeconds,
    bool Enabled,
    string Method,
    IReadOnlyDictionary<string, string> Headers,
    string? Body,
    string? ContentType,
    BasicAuthResponse? BasicAuth,
    string? BearerToken,
    bool FollowRedirects,
    bool VerifyTls,
    int Retries,
    IReadOnlyList<int> ExpectedStatusCodes,
    IReadOnlyList<string> Conditions,
    int FailureThreshold,
    int SuccessThreshold,
    IReadOnlyList<Guid> ChannelIds,
    IReadOnlyList<string> Tags,
    bool SendOnResolved,
    int? ReminderIntervalMinutes,
    MonitorStatusName Status,
    DateTime? LastCheckedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    int? GraceSeconds,
    string? HeartbeatToken,
    string? PingUrl,
    DateTime? LastPingAt)
{
    public static MonitorResponse From(MonitorDefinition m, MonitorStatus? status) => new(
        m.Id, m.Name, m.Type, m.Type == MonitorTypes.Heartbeat ? null : m.Url, m.IntervalSeconds, m.TimeoutSeconds, m.Enabled, m.Method, m.Headers, m.Body, m.ContentType,
        m.BasicAuthUsername is null ? null : new BasicAuthResponse(m.BasicAuthUsername, SecretText.Mask(m.BasicAuthPassword)!),
        SecretText.Mask(m.BearerToken), m.FollowRedirects, m.VerifyTls, m.Retries, m.ExpectedStatusCodes, m.Conditions,
        m.FailureThreshold, m.SuccessThreshold, m.ChannelIds, m.Tags, m.SendOnResolved, m.ReminderIntervalMinutes,
        !m.Enabled ? MonitorStatusName.Paused : status?.State switch
        {
            MonitorState.Up => MonitorStatusName.Up,
            MonitorState.Down => MonitorStatusName.Down,
            _ => MonitorStatusName.Pending,
        },
        status is null || status.State == MonitorState.Pending ? null : status.LastCheckedAt,
        m.CreatedAt,
        m.UpdatedAt,
        m.Type == MonitorTypes.Heartbeat ? m.GraceSeconds : null,
        m.HeartbeatToken,
        m.HeartbeatToken is null ? null : HeartbeatEndpoints.PingPath(m.HeartbeatToken),
        m.LastPingAt);
}

/// <summary>The password is masked, as <see cref="SecretText.Mask"/> shows it.</summary>
public sealed record BasicAuthResponse(string Username, string Password);

public static class SecretText
{
    /// <summary><c>s3cr3t-token-Xy9z</c> becomes <c>…Xy9z</c>: at most the last 4 characters, and no more than a third of them.</summary>
    public static string? Mask(string? secret) => secret is null ? null : $"…{secret[^Math.Min(4, secret.Length / 3)..]}";

    /// <summary>A secret sent back as the api showed it stands for the stored one.</summary>
    public static string? Unmask(string? sent, string? stored) =>
        sent is not null && stored is not null && sent == Mask(stored) ? stored : sent;
}

public sealed record AlertResponse(
    Guid Id, Guid ChannelId, string ChannelName, string ChannelType, Guid TransitionId, NotificationKind Kind, DeliveryState State,
    int Attempts, string? LastError, DateTime CreatedAt, DateTime? SentAt);

/// <summary>One check in a monitor's history; <see cref="Errors"/> lists every reason it failed, failed conditions with the values they saw.</summary>
public sealed record CheckResultResponse(
    Guid CheckId, DateTime CheckedAt, CheckStatus Status, double LatencyMs, int? StatusCode, string? Error, IReadOnlyList<string> Errors);

/// <summary>A page of a list; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
