using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>
/// Monitors with the state, results, rollups and transitions the recorder and alerter would have written, put
/// straight into the database: the pages read them, and the pipeline that writes them has tests of its own.
/// </summary>
public sealed class DashboardSeed(ApiFactory factory)
{
    /// <summary>
    /// A monitor; with <paramref name="state"/> also its status row and one result, <paramref name="latencyMs"/>
    /// long, as the last check.
    /// </summary>
    public async Task<MonitorDefinition> MonitorAsync(
        string name, MonitorState? state = null, bool enabled = true, string[]? tags = null, double latencyMs = 42, string? error = null,
        DateTime? checkedAt = null)
    {
        await using var db = factory.Database.CreateDbContext();
        var now = DateTime.UtcNow;
        var monitor = new MonitorDefinition
        {
            Id = Guid.CreateVersion7(), Name = name, Check = new HttpCheck { Url = "http://127.0.0.1:1/health", TimeoutSeconds = 5 },
            IntervalSeconds = 60, Enabled = enabled, Tags = [.. tags ?? []], CreatedAt = now.AddDays(-100), UpdatedAt = now.AddDays(-100),
            Schedule = new MonitorSchedule { NextCheckAt = now.AddDays(1) },
        };
        db.Monitors.Add(monitor);
        if (state is { } s)
        {
            var at = checkedAt ?? now.AddSeconds(-30);
            var result = Result(monitor.Id, at, s == MonitorState.Down ? CheckStatus.Down : CheckStatus.Up, latencyMs, error);
            db.MonitorStatuses.Add(new MonitorStatus
            {
                MonitorId = monitor.Id, State = s, LastCheckId = result.CheckId, LastCheckedAt = at, LastScheduledAt = at,
            });
            await db.SaveChangesAsync();
            await StoredResult.AddAsync(db, [result]);
        }

        await db.SaveChangesAsync();
        return monitor;
    }

    /// <summary>
    /// A result due and checked at <paramref name="checkedAt"/>; its one-line error is its <paramref name="errors"/>
    /// joined, or <paramref name="error"/> when there are none, as the recorder stores them.
    /// </summary>
    public static StoredResult Result(Guid monitorId, DateTime checkedAt, CheckStatus status, double latencyMs, string? error = null, params string[] errors) =>
        new(monitorId, checkedAt, status, latencyMs, status == CheckStatus.Up ? 200 : 503, errors.Length > 0 ? errors : error is null ? null : [error]);

    /// <summary>An hour of <paramref name="checks"/> results, all <paramref name="latencyMs"/> long.</summary>
    public static CheckRollup Rollup(Guid monitorId, DateTime hour, int checks, int upChecks, double latencyMs)
    {
        var rollup = new CheckRollup
        {
            MonitorId = monitorId, BucketStart = hour, Checks = checks, UpChecks = upChecks, LatencySumMs = checks * latencyMs,
            LatencyMinMs = latencyMs, LatencyMaxMs = latencyMs,
        };
        rollup.LatencyHistogram[LatencyHistogram.BucketOf(latencyMs)] = checks;
        return rollup;
    }

    public static StatusTransition Transition(Guid monitorId, DateTime changedAt, MonitorState previous, MonitorState state) => new()
    {
        Id = Guid.CreateVersion7(), MonitorId = monitorId, CheckId = Guid.NewGuid(), PreviousState = previous, State = state, ChangedAt = changedAt,
        LatencyMs = 10,
    };

    /// <summary>Entities and <see cref="StoredResult"/>s, the results after the rest (they name monitors by number).</summary>
    public async Task AddAsync(params object[] rows)
    {
        await using var db = factory.Database.CreateDbContext();
        db.AddRange(rows.Where(r => r is not StoredResult));
        await db.SaveChangesAsync();
        await StoredResult.AddAsync(db, rows.OfType<StoredResult>());
    }
}
