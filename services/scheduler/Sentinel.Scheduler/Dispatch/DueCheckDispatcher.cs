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
/// to a <see cref="RunChecks"/> message) and moves their next check on, in one transaction: a send that fails, or
/// that the broker has not confirmed within <see cref="SchedulerOptions.SendTimeoutSeconds"/>, rolls the claim
/// back, so no check is silently skipped. A check's id follows from its monitor and due time
/// (<see cref="SlotCheckId"/>), so one that did reach the broker before the rollback and is sent again is recorded
/// once. <c>FOR UPDATE SKIP LOCKED</c> keeps concurrent scheduler replicas on disjoint monitors. Plain Npgsql:
/// this runs several times a second.
/// A heartbeat monitor is due only when its ping is overdue (a ping moves its next check to now + period + grace):
/// instead of a check it gets a down <see cref="CheckCompleted"/>, once per period while the ping stays missing.
/// </summary>
public sealed class DueCheckDispatcher(
    NpgsqlDataSource dataSource, ISendEndpointProvider sendEndpoints, IPublishEndpoint publish, IOptions<SchedulerOptions> options,
    IOptions<RabbitMqOptions> rabbitMq)
{
    /// <summary>
    /// Due times on a monitor's grid (next_check_at + n × interval) wholly past: nothing could be dispatched while
    /// they were due (the scheduler or the broker was away). Computed twice in a claim's transaction, from the same
    /// <c>now()</c> (the transaction's start) and the same row, so both give the same answer.
    /// </summary>
    private const string SlotsPassed = "floor(extract(epoch FROM now() - next_check_at) / interval_seconds)";

    /// <summary>The due time a claim runs: the latest on the monitor's grid that is not after now.</summary>
    private const string CurrentSlot = $"next_check_at + make_interval(secs => {SlotsPassed} * interval_seconds)";

    /// <summary>
    /// Locks the due monitors, oldest due first, through ix_monitors_due (next_check_at WHERE enabled): the rows
    /// read are the rows claimed, however many monitors exist. Public, as is <see cref="AdvanceSql"/>, so the
    /// benchmark explains the very queries that run.
    /// </summary>
    public const string ClaimSql = $"""
        SELECT id, kind, check_spec, failure_threshold, success_threshold, {CurrentSlot},
               interval_seconds, COALESCE(last_ping_at, created_at), {SlotsPassed}::int
        FROM monitors
        WHERE enabled AND next_check_at <= now()
        ORDER BY next_check_at
        LIMIT $1
        FOR UPDATE SKIP LOCKED
        """;

    /// <summary>
    /// Moves the claimed monitors on to the due time after the one claimed, by primary key. (A single UPDATE …
    /// FROM the claim let the planner hash-join against a scan of the whole table.) A monitor behind (the scheduler
    /// or the broker was away) keeps its grid: the due time still within its interval is checked, those wholly past
    /// are skipped rather than replayed, and the next follows an interval later.
    /// </summary>
    public const string AdvanceSql = $"""
        UPDATE monitors
        SET next_check_at = {CurrentSlot} + make_interval(secs => interval_seconds)
        WHERE id = ANY($1)
        """;

    private static readonly Counter Dispatched = Metrics.CreateCounter(
        "sentinel_checks_dispatched_total", "Checks sent to the checkers by this scheduler, and missed heartbeats it reported.");

    private static readonly Histogram Lag = Metrics.CreateHistogram(
        "sentinel_schedule_lag_seconds", "From the time a check was due to the time it was sent.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    private static readonly Counter Skipped = Metrics.CreateCounter(
        "sentinel_checks_skipped_total",
        "Due times passed over because nothing could be dispatched until a later one (the scheduler or the broker was away).");

    /// <summary>Dispatches up to <paramref name="batchSize"/> due monitors; returns how many there were.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var claim = await ClaimAsync(connection, batchSize, cancellationToken);
        if (claim.Count == 0)
        {
            return 0;
        }

        var sentAt = DateTime.UtcNow;
        using (var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            sendTimeout.CancelAfter(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
            try
            {
                var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.RunCheckAddress(rabbitMq.Value.UseQuorumQueues));
                var sends = claim.Checks.Chunk(options.Value.ChecksPerMessage)
                    .Select(chunk => endpoint.Send(new RunChecks { Checks = chunk }, QueueNames.MustReachAQueue, sendTimeout.Token))
                    .ToList();
                if (claim.Missed.Count > 0)
                {
                    sends.Add(publish.Publish(new ChecksCompleted { Results = claim.Missed }, sendTimeout.Token));
                }

                // WaitAsync: a send stuck where it does not watch the token (a connection attempt) cannot hold the
                // claim either. Should it go through after the rollback, the next claim sends the same check ids.
                await Task.WhenAll(sends).WaitAsync(sendTimeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // MassTransit keeps retrying a send until the broker takes it; the claim must not wait that long.
                throw new TimeoutException(
                    $"The broker did not confirm {claim.Count} checks within {options.Value.SendTimeoutSeconds} s (Scheduler:SendTimeoutSeconds)");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        Dispatched.Inc(claim.Count);
        Skipped.Inc(claim.SlotsSkipped);
        foreach (var scheduledAt in claim.Checks.Select(c => c.ScheduledAt).Concat(claim.Missed.Select(m => m.ScheduledAt)))
        {
            Lag.Observe(Math.Max(0, (sentAt - scheduledAt).TotalSeconds));
        }

        return claim.Count;
    }

    /// <summary>What one claim dispatches, and how many due times it skipped on the way.</summary>
    private sealed record Claim(List<RunCheck> Checks, List<CheckCompleted> Missed, int SlotsSkipped)
    {
        public int Count => Checks.Count + Missed.Count;
    }

    /// <summary>The claimed check monitors' checks, and a down result for each claimed (so overdue) heartbeat.</summary>
    private static async Task<Claim> ClaimAsync(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        var checks = new List<RunCheck>();
        var missed = new List<CheckCompleted>();
        var claimed = new List<Guid>();
        var skipped = 0;
        await using (var command = new NpgsqlCommand(ClaimSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add(reader.GetGuid(0));
                skipped += reader.GetInt32(8);
                Read(reader, checks, missed);
            }
        }

        if (claimed.Count > 0)
        {
            await using var advance = new NpgsqlCommand(AdvanceSql, connection) { Parameters = { new NpgsqlParameter { Value = claimed.ToArray() } } };
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Claim(checks, missed, skipped);
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
            CheckId = SlotCheckId.For(reader.GetGuid(0), reader.GetDateTime(5)),
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
            CheckId = SlotCheckId.For(reader.GetGuid(0), reader.GetDateTime(5)),
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
