using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using System.Text.Json.Serialization;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

public enum MonitorStatusName
{
    Pending,
    Up,
    Down,

    /// <summary>Working but impaired: some of its regions fail, fewer than its quorum, or it answers slower than its <c>degradedAboveMs</c>.</summary>
    Degraded,
    Paused,

    /// <summary>Enabled, and covered by a maintenance window that is on now: checked and recorded, alerting no one.</summary>
    Maintenance,
}

/// <summary>
/// A monitor as the api shows it (<see cref="MonitorDocument"/>): its own fields, then the fields of its check spec
/// (<see cref="Check"/>, secrets masked), flat. Sent back as it is, it updates nothing.
/// </summary>
public sealed record MonitorResponse(
    Guid Id,
    string Name,
    string Type,
    int IntervalSeconds,
    bool Enabled,
    int FailureThreshold,
    int SuccessThreshold,
    IReadOnlyList<Guid> ChannelIds,
    IReadOnlyList<string> Tags,
    bool SendOnResolved,
    int? ReminderIntervalMinutes,
    Guid? EscalationPolicyId,
    MonitorStatusName Status,
    DateTime? LastCheckedAt,
    DateTime CreatedAt,
    DateTime UpdatedAt,
    string? HeartbeatToken,
    string? PingUrl,
    DateTime? LastPingAt,
    bool Public,
    string? PublicId,
    IReadOnlyList<Guid> DependsOn,
    int FlappingChanges,
    int FlappingMinutes,
    bool Flapping,
    DateTime? FlappingSince,
    AcknowledgementResponse? Acknowledged,
    IReadOnlyList<string> Regions,
    int? Quorum,
    int? DegradedAboveMs)
{
    /// <summary>The check spec's fields, <c>kind</c> first, written beside the monitor's own.</summary>
    /// <summary>The apply that manages it (its <c>source</c>, docs/as-code.md): the next apply from there overwrites hand edits. Null when made by hand.</summary>
    public string? Source { get; init; }

    /// <summary>
    /// The latest result from each of the monitor's regions, in its order (one of a region that has not answered yet has
    /// no status); only on <c>GET /api/v1/monitors/{id}</c> of a monitor checked from more than one region, else null.
    /// </summary>
    public IReadOnlyList<RegionLatestResponse>? LatestByRegion { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Check { get; init; }

    /// <summary>
    /// A paused monitor is paused whatever its last state; an enabled one in a maintenance window that is on
    /// (<paramref name="inMaintenance"/>, see <c>ActiveMaintenance</c>) is in maintenance; one never checked yet is pending.
    /// </summary>
    public static MonitorStatusName StatusOf(MonitorDefinition m, MonitorStatus? status, bool inMaintenance = false) => !m.Enabled
        ? MonitorStatusName.Paused
        : inMaintenance ? MonitorStatusName.Maintenance
        : status?.State switch
        {
            MonitorState.Up => MonitorStatusName.Up,
            MonitorState.Down => MonitorStatusName.Down,
            MonitorState.Degraded => MonitorStatusName.Degraded,
            _ => MonitorStatusName.Pending,
        };

    /// <param name="inMaintenance">A window covering the monitor is on now (<c>ActiveMaintenance.Covers</c>).</param>
    /// <param name="flappingSince">When the monitor's current flapping began (<see cref="MonitorFlapping"/>); null when it is not flapping.</param>
    /// <param name="acknowledged">The acknowledgement of the outage under way, if any (<see cref="Acknowledgements.CurrentAsync"/>).</param>
    public static MonitorResponse From(
        MonitorDefinition m, MonitorStatus? status, bool inMaintenance, DateTime? flappingSince = null, AcknowledgementResponse? acknowledged = null) => new(
        m.Id, m.Name, m.Check.Kind.Probed ? MonitorDocument.TypeCheck : m.Check.Kind.Name, m.IntervalSeconds, m.Enabled,
        m.FailureThreshold, m.SuccessThreshold, m.ChannelIds, m.Tags, m.SendOnResolved, m.ReminderIntervalMinutes, m.EscalationPolicyId,
        StatusOf(m, status, inMaintenance),
        status is null || status.State == MonitorState.Pending ? null : status.LastCheckedAt,
        m.CreatedAt,
        m.UpdatedAt,
        m.HeartbeatToken,
        m.HeartbeatToken is null ? null : HeartbeatEndpoints.PingPath(m.HeartbeatToken),
        m.LastPingAt,
        m.PublicId is not null,
        m.PublicId,
        m.DependsOn,
        m.FlappingChanges,
        m.FlappingMinutes,
        flappingSince is not null,
        flappingSince,
        acknowledged,
        m.Regions,
        // A heartbeat has no regions, so no quorum of them: shown as omitted, the document can be sent back as it is.
        m.Check is HeartbeatCheck ? null : m.Quorum,
        m.DegradedAboveMs)
    {
        Source = m.Source,
        Check = CheckSpecJson.ToElement(m.Check.Masked()).EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
    };
}

/// <summary>The open flapping periods the alerter recorded, by monitor: when each of <paramref name="ids"/> that is flapping began.</summary>
public static class MonitorFlapping
{
    public static async Task<Dictionary<Guid, DateTime>> SinceAsync(SentinelDbContext db, IReadOnlyCollection<Guid> ids, CancellationToken ct) =>
        await db.FlappingPeriods.AsNoTracking()
            .Where(p => p.EndedAt == null && ids.Contains(p.MonitorId))
            .ToDictionaryAsync(p => p.MonitorId, p => p.StartedAt, ct);

    public static async Task<DateTime?> SinceAsync(SentinelDbContext db, Guid id, CancellationToken ct) =>
        (await SinceAsync(db, [id], ct)).TryGetValue(id, out var since) ? since : null;
}

/// <summary>
/// One check in a monitor's history; <see cref="Errors"/> lists every reason it failed, failed conditions with the
/// values they saw; <see cref="Maintenance"/> says it was due in a maintenance window (counted in no uptime figure).
/// </summary>
/// <param name="Region">The region whose checker ran it.</param>
public sealed record CheckResultResponse(
    Guid CheckId, string Region, DateTime CheckedAt, CheckStatus Status, double LatencyMs, int? StatusCode, string? Error, IReadOnlyList<string> Errors, bool Maintenance)
{
    public static CheckResultResponse From(RecordedCheck check) => new(
        check.CheckId, check.Region, check.CheckedAt, check.Status, check.LatencyMs, check.StatusCode, check.Error, check.Errors, check.Maintenance);
}

/// <summary>A region's latest check of a monitor; <see cref="Status"/> and the rest are null before its first.</summary>
public sealed record RegionLatestResponse(string Region, CheckStatus? Status, DateTime? CheckedAt, double? LatencyMs, string? Error);

/// <summary>A page of a list; <see cref="Next"/> is the cursor of the following page, null on the last.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? Next);
