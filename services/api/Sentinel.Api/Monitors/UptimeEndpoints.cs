using Microsoft.EntityFrameworkCore;
using Npgsql;
using Sentinel.Api.Http;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Monitors;

public static class UptimeEndpoints
{
    private const string DefaultWindow = "24h";

    private static readonly Dictionary<string, TimeSpan> Windows = new()
    {
        ["24h"] = TimeSpan.FromHours(24),
        ["7d"] = TimeSpan.FromDays(7),
        ["30d"] = TimeSpan.FromDays(30),
        ["90d"] = TimeSpan.FromDays(90),
    };

    /// <summary>
    /// Sums a monitor's hourly rollups in one pass and returns one row: 90 days are 2,160 rows whatever the check
    /// interval. Plain Npgsql because the histogram is summed element by element, one <c>sum(latency_histogram[k])</c>
    /// per bucket, which LINQ cannot say; summing on the server sends one row instead of 2,160 arrays. The window's
    /// smallest and largest latency are known only if every hour in it knows its own (older rollups do not).
    /// </summary>
    private static readonly string RollupSql = $"""
        SELECT coalesce(sum(checks), 0), coalesce(sum(up_checks), 0), coalesce(sum(latency_sum_ms), 0),
               ARRAY[{string.Join(", ", Enumerable.Range(1, LatencyHistogram.BucketCount).Select(k => $"coalesce(sum(latency_histogram[{k}]), 0)"))}],
               CASE WHEN count(latency_min_ms) = count(*) THEN min(latency_min_ms) END,
               CASE WHEN count(latency_max_ms) = count(*) THEN max(latency_max_ms) END
        FROM check_rollups
        WHERE monitor_id = $1 AND bucket_start >= $2 AND bucket_start <= $3
        """;

    public static IEndpointRouteBuilder MapUptime(this IEndpointRouteBuilder api)
    {
        var monitors = api.MapGroup("/monitors").WithTags("Monitors");

        monitors.MapGet("/{id:guid}/uptime", Get).WithName("GetMonitorUptime")
            .WithSummary("Get a monitor's uptime")
            .WithDescription("Uptime, mean and 95th-percentile latency and down periods over the last 24 hours, 7, 30 or 90 days, from hourly rollups.")
            .WithQueryValues("window", Windows.Keys)
            .Produces<UptimeResponse>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<IResult> Get(Guid id, string? window, HttpContext http, SentinelDbContext db, NpgsqlDataSource dataSource, CancellationToken ct)
    {
        window ??= DefaultWindow;
        if (!Windows.TryGetValue(window, out var length))
        {
            return JsonBody.Invalid("window", $"Must be one of {string.Join(", ", Windows.Keys)}.");
        }

        if (!await db.Monitors.AnyAsync(m => m.Id == id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Monitor not found", detail: $"No monitor has id {id}.");
        }

        // Rollups are per UTC hour, so the window starts at the beginning of the hour it would start in.
        var to = (http.RequestServices.GetService<TimeProvider>() ?? TimeProvider.System).GetUtcNow().UtcDateTime;
        var from = CheckRollup.HourOf(to - length);

        var (checks, upChecks, latencySumMs, histogram, latencyMinMs, latencyMaxMs) = await SumRollupsAsync(dataSource, id, from, to, ct);
        var incidents = await IncidentsAsync(db, id, from, to, ct);
        return TypedResults.Ok(new UptimeResponse(
            id,
            window,
            from,
            to,
            checks == 0 ? null : 100.0 * upChecks / checks,
            checks,
            upChecks,
            checks == 0 ? null : Math.Round(latencySumMs / checks, 2),
            LatencyHistogram.Percentile(histogram, 0.95, latencyMinMs, latencyMaxMs) is { } p95 ? Math.Round(p95, 2) : null,
            incidents));
    }

    private static async Task<(long Checks, long UpChecks, double LatencySumMs, long[] Histogram, double? LatencyMinMs, double? LatencyMaxMs)> SumRollupsAsync(
        NpgsqlDataSource dataSource, Guid monitorId, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var command = dataSource.CreateCommand(RollupSql);
        command.Parameters.Add(new NpgsqlParameter { Value = monitorId });
        command.Parameters.Add(new NpgsqlParameter { Value = from });
        command.Parameters.Add(new NpgsqlParameter { Value = to });
        await using var reader = await command.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetFieldValue<long[]>(3),
            reader.IsDBNull(4) ? null : reader.GetDouble(4), reader.IsDBNull(5) ? null : reader.GetDouble(5));
    }

    /// <summary>
    /// Down periods overlapping the window, oldest first, from the recorder's transitions: the last one before the
    /// window says whether it opens down; one still open at the end is ongoing.
    /// </summary>
    private static async Task<List<IncidentResponse>> IncidentsAsync(SentinelDbContext db, Guid monitorId, DateTime from, DateTime to, CancellationToken ct)
    {
        var before = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitorId && t.ChangedAt < from)
            .OrderByDescending(t => t.ChangedAt).ThenByDescending(t => t.Id)
            .Select(t => (MonitorState?)t.State)
            .FirstOrDefaultAsync(ct);
        var changes = await db.StatusTransitions.AsNoTracking()
            .Where(t => t.MonitorId == monitorId && t.ChangedAt >= from && t.ChangedAt <= to)
            .OrderBy(t => t.ChangedAt).ThenBy(t => t.Id)
            .Select(t => new { t.ChangedAt, t.State })
            .ToListAsync(ct);

        var incidents = new List<IncidentResponse>();
        DateTime? downSince = before == MonitorState.Down ? from : null;
        foreach (var change in changes)
        {
            if (change.State == MonitorState.Down)
            {
                downSince ??= change.ChangedAt;
            }
            else if (downSince is { } start)
            {
                incidents.Add(new IncidentResponse(start, change.ChangedAt, (change.ChangedAt - start).TotalSeconds));
                downSince = null;
            }
        }

        if (downSince is { } ongoing)
        {
            incidents.Add(new IncidentResponse(ongoing, null, (to - ongoing).TotalSeconds));
        }

        return incidents;
    }
}
