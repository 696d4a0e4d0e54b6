using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Sentinel.Api.Http;
using Sentinel.Api.Monitors;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Api.Alerts;

/// <summary>
/// Every notice the alerter sent or is sending: a monitor's (also listed under the monitor) and Sentinel's own
/// ("Sentinel is not checking", and its recovery), which belong to no monitor.
/// </summary>
public static class AlertEndpoints
{
    public static IEndpointRouteBuilder MapAlerts(this IEndpointRouteBuilder api)
    {
        api.MapGet("/alerts", List).WithName("ListAlerts").WithTags("Alerts")
            .WithSummary("List every alert")
            .WithDescription("Notifications of every monitor and of Sentinel itself (monitorId null: Sentinel is not checking, "
                             + "or checks again), newest first, a page at a time.")
            .Produces<Page<AlertResponse>>().ProducesValidationProblem();
        return api;
    }

    private static Task<IResult> List(
        SentinelDbContext db, [Range(1, Paging.MaxLimit)] int? limit, [MaxLength(Paging.IdCursorLength)] string? cursor, CancellationToken ct) =>
        PageAsync(db.NotificationDeliveries, limit, cursor, ct);

    /// <summary>A page of <paramref name="deliveries"/>, newest first, or the problem with the paging parameters.</summary>
    public static async Task<IResult> PageAsync(IQueryable<NotificationDelivery> deliveries, int? limit, string? cursor, CancellationToken ct)
    {
        if (Paging.Limit(limit) is not { } take)
        {
            return JsonBody.Invalid("limit", $"Must be between 1 and {Paging.MaxLimit}.");
        }

        Guid before = default;
        if (cursor is not null && !Guid.TryParse(cursor, out before))
        {
            return JsonBody.Invalid("cursor", "Not a cursor returned by this API.");
        }

        return TypedResults.Ok(await ReadPageAsync(deliveries, cursor is null ? null : before, take, ct));
    }

    /// <summary>Up to <paramref name="take"/> of <paramref name="deliveries"/>, newest first, older than <paramref name="before"/> if given.</summary>
    public static async Task<Page<AlertResponse>> ReadPageAsync(IQueryable<NotificationDelivery> deliveries, Guid? before, int take, CancellationToken ct)
    {
        if (before is { } last)
        {
            deliveries = deliveries.Where(d => d.Id.CompareTo(last) < 0);
        }

        // Delivery ids are version 7 UUIDs: newest first is descending id.
        var rows = await deliveries.AsNoTracking()
            .OrderByDescending(d => d.Id)
            .Take(take + 1)
            .Select(d => new AlertResponse(
                d.Id, d.MonitorId, d.ChannelId, d.ChannelName, d.ChannelType, d.TransitionId, d.Kind, d.State, d.Attempts, d.LastError,
                d.CreatedAt, d.SentAt, d.Reason))
            .ToListAsync(ct);
        var items = rows.Take(take).ToList();
        return new Page<AlertResponse>(items, rows.Count > take ? items[^1].Id.ToString() : null);
    }
}

/// <summary>
/// One notice to one channel. <see cref="MonitorId"/> is null for Sentinel's own notices, whose
/// <see cref="TransitionId"/> is the outage they report (for flapping notices, the flapping period).
/// <see cref="Reason"/> says why a notice is held ("held: parent db down") or was withheld.
/// </summary>
public sealed record AlertResponse(
    Guid Id, Guid? MonitorId, Guid ChannelId, string ChannelName, string ChannelType, Guid TransitionId, NotificationKind Kind,
    DeliveryState State, int Attempts, string? LastError, DateTime CreatedAt, DateTime? SentAt, string? Reason);
