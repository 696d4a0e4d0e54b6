using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Auth;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

/// <summary>The optional body of <c>POST /api/v1/monitors/{id}/acknowledge</c>.</summary>
public sealed record AcknowledgeRequest
{
    /// <summary>What the person acknowledging wants the others to know ("on it, rolling back").</summary>
    [MaxLength(Acknowledgements.MaxNoteLength)]
    public string? Note { get; init; }
}

/// <summary>Who acknowledged the current outage, when, how, and what they noted.</summary>
public sealed record AcknowledgementResponse(DateTime At, string By, AcknowledgementVia Via, string? Note)
{
    public static AcknowledgementResponse From(Acknowledgement a) => new(a.At, a.By, a.Via, a.Note);
}

/// <summary>What came of asking to acknowledge an outage.</summary>
public enum AcknowledgeResult
{
    /// <summary>Acknowledged now, or already before (then the first acknowledgement stands).</summary>
    Acknowledged,
    NoMonitor,

    /// <summary>The monitor is not down (or, for a link, the outage it names is over).</summary>
    NotDown,
}

/// <summary>
/// Acknowledging a monitor's current outage, the one way for the REST route, the dashboard's button and the one-click
/// link: its DOWN transition gets one <see cref="Acknowledgement"/> (the transition is the key, so twice is once),
/// which the alerter reads to stop reminders and further escalation steps.
/// </summary>
/// <remarks>
/// The current outage is the monitor's latest announced (not maintenance) transition when that is DOWN: the outage the
/// alerter reminds of and escalates (<c>DeliverySweep</c>), so an acknowledgement stops exactly what is being sent.
/// </remarks>
public sealed class Acknowledgements(SentinelDbContext db)
{
    public const int MaxNoteLength = 1000;

    /// <summary>
    /// Acknowledges monitor <paramref name="monitorId"/>'s current outage, or, given <paramref name="outage"/> (a link's),
    /// that outage only if it is still the current one. Returns the acknowledgement that stands.
    /// </summary>
    public async Task<(AcknowledgeResult Result, AcknowledgementResponse? Acknowledgement)> AcknowledgeAsync(
        Guid monitorId, Guid? outage, string by, AcknowledgementVia via, string? note, CancellationToken ct)
    {
        if (!await db.Monitors.AnyAsync(m => m.Id == monitorId, ct))
        {
            return (AcknowledgeResult.NoMonitor, null);
        }

        var current = await CurrentOutageAsync(monitorId, ct);
        if (current is null || (outage is { } named && named != current))
        {
            return (AcknowledgeResult.NotDown, null);
        }

        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO acknowledgements (transition_id, monitor_id, at, by, via, note)
            VALUES ({current}, {monitorId}, {DateTime.UtcNow}, {by}, {(int)via}, {note})
            ON CONFLICT (transition_id) DO NOTHING
            """, ct);
        var stands = await db.Acknowledgements.AsNoTracking().SingleAsync(a => a.TransitionId == current, ct);
        return (AcknowledgeResult.Acknowledged, AcknowledgementResponse.From(stands));
    }

    /// <summary>The acknowledgement of outage <paramref name="transitionId"/>, if any.</summary>
    public async Task<AcknowledgementResponse?> OfOutageAsync(Guid transitionId, CancellationToken ct) =>
        await db.Acknowledgements.AsNoTracking().SingleOrDefaultAsync(a => a.TransitionId == transitionId, ct) is { } a ? AcknowledgementResponse.From(a) : null;

    /// <summary>The DOWN transition of monitor <paramref name="monitorId"/>'s current outage; null when it is not down.</summary>
    public async Task<Guid?> CurrentOutageAsync(Guid monitorId, CancellationToken ct)
    {
        var latest = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitorId && !t.Maintenance)
            .OrderByDescending(t => t.ChangedAt)
            .Select(t => new { t.Id, t.State })
            .FirstOrDefaultAsync(ct);
        return latest is { State: MonitorState.Down } ? latest.Id : null;
    }

    /// <summary>The acknowledgements of the outages under way of <paramref name="monitorIds"/>, by monitor; past outages' are not shown.</summary>
    public async Task<Dictionary<Guid, AcknowledgementResponse>> CurrentAsync(IReadOnlyCollection<Guid> monitorIds, CancellationToken ct)
    {
        var rows = await db.Acknowledgements.AsNoTracking()
            .Where(a => monitorIds.Contains(a.MonitorId)
                && a.TransitionId == db.StatusTransitions
                    .Where(t => t.MonitorId == a.MonitorId && !t.Maintenance)
                    .OrderByDescending(t => t.ChangedAt)
                    .Select(t => t.Id)
                    .FirstOrDefault())
            .ToListAsync(ct);
        return rows.ToDictionary(a => a.MonitorId, AcknowledgementResponse.From);
    }

    /// <summary>Who is acknowledging: a dashboard user by name, an API key by its name (a configured key has none).</summary>
    public async Task<string> CallerAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.Identity?.Name is { Length: > 0 } name)
        {
            return name;
        }

        if (Guid.TryParse(user.FindFirst(ApiKeyAuthentication.KeyIdClaim)?.Value, out var keyId)
            && await db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.Name).SingleOrDefaultAsync(ct) is { } keyName)
        {
            return $"key {keyName}";
        }

        return "a configured API key";
    }
}
