using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Prometheus;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>
/// Claims due monitors, sends a <see cref="RunCheck"/> for each (<see cref="SchedulerOptions.ChecksPerMessage"/>
/// to a <see cref="RunChecks"/> message) and moves their next check on, in one transaction: a failed send rolls
/// the claim back, so no check is silently skipped. <c>FOR UPDATE SKIP LOCKED</c> keeps concurrent scheduler
/// replicas on disjoint monitors. Plain Npgsql: this runs several times a second.
/// A heartbeat monitor is due only when its ping is overdue (a ping moves its next check to now + period + grace):
/// instead of a check it gets a down <see cref="CheckCompleted"/>, once per period while the ping stays missing.
/// </summary>
public sealed class DueCheckDispatcher(
    NpgsqlDataSource dataSource, ISendEndpointProvider sendEndpoints, IPublishEndpoint publish, IOptions<SchedulerOptions> options,
    IOptions<RabbitMqOptions> rabbitMq)
{
    /// <summary>
    /// Locks the due monitors, oldest due first, through ix_monitors_due (next_check_at WHERE enabled): the rows
    /// read are the rows claimed, however many monitors exist. Public, as is <see cref="AdvanceSql"/>, so the
    /// benchmark explains the very queries that run.
    /// </summary>
    public const string ClaimSql = """
        SELECT id, kind, check_spec, failure_threshold, success_threshold, next_check_at,
               interval_seconds, COALESCE(last_ping_at, created_at)
        FROM monitors
        WHERE enabled AND next_check_at <= now()
        ORDER BY next_check_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// Moves the claimed monitors on by their interval, by primary key. (A single UPDATE … FROM the claim let the
    /// planner hash-join against a scan of the whole table.) A monitor far behind (the scheduler was down) is
    /// checked once now and then every interval from now, rather than replaying every missed check.
    /// </summary>
    public const string AdvanceSql = """
        UPDATE monitors
        SET next_check_at = GREATEST(next_check_at, now() - make_interval(secs => interval_seconds))
                            + make_interval(secs => interval_seconds)
        WHERE id = ANY($1)
        """;

    private static readonly Counter Dispatched = Metrics.CreateCounter(
        "sentinel_checks_dispatched_total", "Checks sent to the checkers by this scheduler, and missed heartbeats it reported.");

    private static readonly Histogram Lag = Metrics.CreateHistogram(
        "sentinel_schedule_lag_seconds", "From the time a check was due to the time it was sent.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    /// <summary>Dispatches up to <paramref name="batchSize"/> due monitors; returns how many there were.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var (checks, missed) = await ClaimAsync(connection, batchSize, cancellationToken);
        if (checks.Count + missed.Count == 0)
        {
            return 0;
        }

        var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.RunCheckAddress(rabbitMq.Value.UseQuorumQueues));
        var sentAt = DateTime.UtcNow;
        var sends = checks.Chunk(options.Value.ChecksPerMessage)
            .Select(chunk => endpoint.Send(new RunChecks { Checks = chunk }, QueueNames.MustReachAQueue, cancellationToken))
            .ToList();
        if (missed.Count > 0)
        {
            sends.Add(publish.Publish(new ChecksCompleted { Results = missed }, cancellationToken));
        }

        await Task.WhenAll(sends);
        await transaction.CommitAsync(cancellationToken);

        Dispatched.Inc(checks.Count + missed.Count);
        foreach (var scheduledAt in checks.Select(c => c.ScheduledAt).Concat(missed.Select(m => m.ScheduledAt)))
        {
            Lag.Observe(Math.Max(0, (sentAt - scheduledAt).TotalSeconds));
        }

        return checks.Count + missed.Count;
    }

    /// <summary>The claimed check monitors' checks, and a down result for each claimed (so overdue) heartbeat.</summary>
    private static async Task<(List<RunCheck> Checks, List<CheckCompleted> Missed)> ClaimAsync(
        NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        var checks = new List<RunCheck>();
        var missed = new List<CheckCompleted>();
        var claimed = new List<Guid>();
        await using (var command = new NpgsqlCommand(ClaimSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetGuid(0));
                Read(reader, checks, missed);
            }
        }

        if (claimed.Count > 0)
        {
            await using var advance = new NpgsqlCommand(AdvanceSql, connection) { Parameters = { new NpgsqlParameter { Value = claimed.ToArray() } } };
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        return (checks, missed);
    }

    /// <summary>
    /// A claimed row: a check to send, its spec forwarded as stored, or for a heartbeat (claimed only when overdue)
    /// a missed ping.
    /// </summary>
    private static void Read(NpgsqlDataReader reader, List<RunCheck> checks, List<CheckCompleted> missed)
    {
        if (reader.GetString(1) == CheckKinds.Heartbeat.Name)
        {
            missed.Add(Missed(reader));
            return;
        }

        checks.Add(new RunCheck
        {
            CheckId = NewId.NextGuid(),
            MonitorId = reader.GetGuid(0),
            Check = reader.GetFieldValue<JsonElement>(2),
            FailureThreshold = reader.GetInt32(3),
            SuccessThreshold = reader.GetInt32(4),
            ScheduledAt = reader.GetDateTime(5),
        });
    }

    private static CheckCompleted Missed(NpgsqlDataReader reader)
    {
        var now = DateTime.UtcNow;
        var period = reader.GetInt32(6);
        var grace = ((HeartbeatCheck)CheckSpecJson.Deserialize(reader.GetFieldValue<JsonElement>(2))).GraceSeconds;
        // Since the last ping, or since the monitor was created when it never had one.
        var silent = (int)Math.Round((now - reader.GetDateTime(7)).TotalSeconds);
        var error = $"no ping for {silent}s (period {period}s + grace {grace}s)";
        return new CheckCompleted
        {
            CheckId = NewId.NextGuid(),
            MonitorId = reader.GetGuid(0),
            ScheduledAt = reader.GetDateTime(5),
            DispatchedAt = now,
            CheckedAt = now,
            Status = CheckStatus.Down,
            Attempts = 0,
            LatencyMs = 0,
            Error = error,
            Errors = [error],
            FailureThreshold = reader.GetInt32(3),
            SuccessThreshold = reader.GetInt32(4),
        };
    }
}
