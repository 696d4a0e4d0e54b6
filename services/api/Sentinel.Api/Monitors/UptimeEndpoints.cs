using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Microsoft.Extensions.Options;
using Sentinel.Api.Http;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Monitors;

public static class UptimeEndpoints
{
    public static IEndpointRouteBuilder MapUptime(this IEndpointRouteBuilder api)
    {
        var monitors = api.MapGroup("/monitors").WithTags("Monitors");

        monitors.MapGet("/{id:guid}/uptime", Get).WithName("GetMonitorUptime")
            .WithSummary("Get a monitor's uptime")
            .WithDescription("Uptime, mean and 95th-percentile latency and down periods over the last 24 hours, 7, 30 or 90 days (window), "
                             + "or between two times (from, and to, which defaults to now), from rollups: hourly ones, and daily ones for any part "
                             + "older than the hourly retention (Retention:HourlyRollupDays), counted by whole UTC days there; "
                             + "over every region the monitor is checked from, or one region's checks only (region).")
            .WithQueryValues("window", MonitorUptime.Windows.Keys)
            .Produces<UptimeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> Get(
        Guid id, string? window, DateTime? from, DateTime? to, [MaxLength(RegionNames.MaxLength), RegularExpression(RegionNames.Pattern)] string? region,
        HttpContext http, SentinelDbContext db, NpgsqlDataSource dataSource, IOptions<RetentionOptions> retention, CancellationToken ct)
    {
        if (region is not null && !RegionNames.IsValid(region))
        {
            return JsonBody.Invalid("region", $"Not a region name: {RegionNames.Rule}.");
        }

        var now = MonitorUptime.Now(http.RequestServices);
        if (from is null && to is not null)
        {
            return JsonBody.Invalid("from", "Required with 'to'.");
        }

        if (from is not null && window is not null)
        {
            return JsonBody.Invalid("window", "Give a window or from and to, not both.");
        }

        var fromUtc = from?.ToUniversalTime();
        var toUtc = to?.ToUniversalTime() ?? now;
        if (fromUtc >= toUtc || fromUtc >= now)
        {
            return JsonBody.Invalid("from", "Must be before 'to' and before now.");
        }

        window ??= fromUtc is null ? MonitorUptime.DefaultWindow : null;
        if (window is not null && !MonitorUptime.Windows.ContainsKey(window))
        {
            return JsonBody.Invalid("window", $"Must be one of {string.Join(", ", MonitorUptime.Windows.Keys)}.");
        }

        if (!await db.Monitors.AnyAsync(m => m.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Monitor not found", detail: $"No monitor has id {id}.");
        }

        return TypedResults.Ok(window is not null
            ? await MonitorUptime.ReadAsync(db, dataSource, retention.Value, id, window, now, ct, region)
            : await MonitorUptime.ReadBetweenAsync(db, dataSource, retention.Value, id, fromUtc!.Value, toUtc, now, ct, region));
    }
}
