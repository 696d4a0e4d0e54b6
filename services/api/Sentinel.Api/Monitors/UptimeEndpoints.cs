using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Npgsql;
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
            .WithDescription("Uptime, mean and 95th-percentile latency and down periods over the last 24 hours, 7, 30 or 90 days, from hourly rollups: "
                             + "over every region the monitor is checked from, or one region's checks only (region).")
            .WithQueryValues("window", MonitorUptime.Windows.Keys)
            .Produces<UptimeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> Get(
        Guid id, string? window, [MaxLength(RegionNames.MaxLength), RegularExpression(RegionNames.Pattern)] string? region, HttpContext http,
        SentinelDbContext db, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        if (region is not null && !RegionNames.IsValid(region))
        {
            return JsonBody.Invalid("region", $"Not a region name: {RegionNames.Rule}.");
        }

        window ??= MonitorUptime.DefaultWindow;
        if (!MonitorUptime.Windows.ContainsKey(window))
        {
            return JsonBody.Invalid("window", $"Must be one of {string.Join(", ", MonitorUptime.Windows.Keys)}.");
        }

        if (!await db.Monitors.AnyAsync(m => m.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Monitor not found", detail: $"No monitor has id {id}.");
        }

        return TypedResults.Ok(await MonitorUptime.ReadAsync(db, dataSource, id, window, MonitorUptime.Now(http.RequestServices), ct, region));
    }
}
