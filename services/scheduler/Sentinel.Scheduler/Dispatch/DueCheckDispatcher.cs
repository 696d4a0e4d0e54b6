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
/// Claims due monitors, sends a <see cref="RunCheck"/> for each of a monitor's regions to that region's queue
/// (<see cref="SchedulerOptions.ChecksPerMessage"/> to a <see cref="RunChecks"/> message) and moves their next check
/// on (in <c>monitor_schedule</c>, see <see cref="MonitorSchedule"/>), in one transaction: a send that fails, or
/// that the broker has not confirmed within <see cref="SchedulerOptions.SendTimeoutSeconds"/>, rolls the claim
/// back, so no check is silently skipped. A check's id follows from its monitor, due time and region
/// (<see cref="SlotCheckId"/>), so one that did reach the broker before the rollback and is sent again is recorded
/// once. A region whose checkers never started cannot hold back the others' checks (<see cref="RegionQueueDeclaration"/>).
/// <c>FOR UPDATE SKIP LOCKED</c> keeps concurrent scheduler replicas on disjoint monitors. Plain Npgsql:
/// this runs several times a second.
/// A heartbeat monitor is due only when its ping is overdue (a ping moves its next check to now + period + grace):
/// instead of a check it gets a down <see cref="CheckCompleted"/>, once per period while the ping stays missing.
/// </summary>
public sealed class DueCheckDispatcher(
    NpgsqlDataSource dataSource, ISendEndpointProvider sendEndpoints, IPublishEndpoint publish, IOptions<SchedulerOptions> options,
    IOptions<RabbitMqOptions> rabbitMq, RegionQueueDeclaration regionQueues)
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
    /// Locks the due monitors' schedule rows, oldest due first, through ix_monitor_schedule_due, each joined to its
    /// monitor by primary key: the rows read are the rows claimed, however many monitors exist. The monitors rows
    /// are read, not locked: the api's update of a monitor also rewrites its schedule row, so it waits there for
    /// the claim to commit, and the advance reads the monitor the claim read. A disabled monitor is claimed too, to be
    /// parked (<see cref="AdvanceSql"/>) rather than met again by every claim. Public, as is
    /// <see cref="AdvanceSql"/>, so the benchmark explains the very queries that run.
    /// </summary>
    public const string ClaimSql = $"""
        SELECT id, kind, check_spec, failure_threshold, success_threshold, {CurrentSlot},
               interval_seconds, COALESCE(last_ping_at, created_at), {SlotsPassed}::int,
               NULLIF(regions, ARRAY['{RegionNames.Default}']), quorum, degraded_above_ms, enabled
        FROM monitor_schedule JOIN monitors ON id = monitor_id
        WHERE next_check_at <= now()
        ORDER BY next_check_at
        LIMIT $1
        FOR UPDATE OF monitor_schedule SKIP LOCKED
        """;

    /// <summary>
    /// Moves the claimed monitors on to the due time after the one claimed, by primary key. (A single UPDATE …
    /// FROM the claim let the planner hash-join against a scan of the whole table.) A monitor behind (the scheduler
    /// or the broker was away) keeps its grid: the due time still within its interval is checked, those wholly past
    /// are skipped rather than replayed, and the next follows an interval later. A disabled monitor is parked at
    /// infinity, out of every claim's way, until the api's update that enables it again sets its due time.
    /// </summary>
    public const string AdvanceSql = $"""
        UPDATE monitor_schedule
        SET next_check_at = CASE WHEN enabled THEN {CurrentSlot} + make_interval(secs => interval_seconds) ELSE 'infinity' END
        FROM monitors
        WHERE monitor_id = ANY($1) AND id = monitor_id
        """;

    private static readonly Counter Dispatched = Metrics.CreateCounter(
        "sentinel_checks_dispatched_total",
        "Checks sent to the checkers by this scheduler, by region, and missed heartbeats it reported (in the default region).",
        "region");

    private static readonly Histogram Lag = Metrics.CreateHistogram(
        "sentinel_schedule_lag_seconds", "From the time a check was due to the time it was sent.",
        new HistogramConfiguration { Buckets = DelayBuckets.Seconds });

    private static readonly Counter Skipped = Metrics.CreateCounter(
        "sentinel_checks_skipped_total",
        "Due times passed over because nothing could be dispatched until a later one (the scheduler or the broker was away).");

    /// <summary>Dispatches up to <paramref name="batchSize"/> due monitors; returns how many there were.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var claim = await ClaimAsync(connection, batchSize, cancellationToken);
        if (claim.Monitors == 0)
        {
            return 0;
        }

        var sentAt = DateTime.UtcNow;
        using (var sendTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            sendTimeout.CancelAfter(TimeSpan.FromSeconds(options.Value.SendTimeoutSeconds));
            try
            {
                var sends = new List<Task>();
                foreach (var (region, checks) in claim.Checks)
                {
                    sends.Add(SendAsync(region, checks, sendTimeout.Token));
                }

                if (claim.Missed.Count > 0)
                {
                    sends.Add(publish.Publish(new ChecksCompleted { Results = claim.Missed }, sendTimeout.Token));
                }

                // WaitAsync: a send stuck where it does not watch the token (a connection attempt) cannot hold the
                // claim either. Should it go through after the rollback, the next claim sends the same check ids.
                await Task.WhenAll(sends).WaitAsync(sendTimeout.Token);
            }
            catch (Exception) when (ForgetDeclaredQueues(claim))
            {
                throw;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // MassTransit keeps retrying a send until the broker takes it; the claim must not wait that long.
                throw new TimeoutException(
                    $"The broker did not confirm {claim.CheckCount + claim.Missed.Count} checks within {options.Value.SendTimeoutSeconds} s (Scheduler:SendTimeoutSeconds)");
            }
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var (region, checks) in claim.Checks)
        {
            Dispatched.WithLabels(region).Inc(checks.Count);
            foreach (var check in checks)
            {
                Lag.Observe(Math.Max(0, (sentAt - check.ScheduledAt).TotalSeconds));
            }
        }

        Dispatched.WithLabels(RegionNames.Default).Inc(claim.Missed.Count);
        Skipped.Inc(claim.SlotsSkipped);
        foreach (var missed in claim.Missed)
        {
            Lag.Observe(Math.Max(0, (sentAt - missed.ScheduledAt).TotalSeconds));
        }

        return claim.Monitors;
    }

    /// <summary>One region's checks, to its queue, <see cref="SchedulerOptions.ChecksPerMessage"/> to a message.</summary>
    private async Task SendAsync(string region, List<RunCheck> checks, CancellationToken cancellationToken)
    {
        await regionQueues.EnsureDeclaredAsync(region, cancellationToken);
        var endpoint = await sendEndpoints.GetSendEndpoint(QueueNames.RunCheckAddress(region, rabbitMq.Value.UseQuorumQueues));
        await Task.WhenAll(checks.Chunk(options.Value.ChecksPerMessage)
            .Select(chunk => endpoint.Send(new RunChecks { Checks = chunk }, QueueNames.MustReachAQueue, cancellationToken)));
    }

    /// <summary>A failed claim declares its regions' queues again next time (one may have been deleted); never catches.</summary>
    private bool ForgetDeclaredQueues(Claim claim)
    {
        foreach (var region in claim.Checks.Keys)
        {
            regionQueues.Forget(region);
        }

        return false;
    }

    /// <summary>
    /// What one claim dispatches (the checks by region), how many monitors it claimed, and how many due times it
    /// skipped on the way.
    /// </summary>
    private sealed record Claim(Dictionary<string, List<RunCheck>> Checks, List<CheckCompleted> Missed, int Monitors, int SlotsSkipped)
    {
        public int CheckCount => Checks.Values.Sum(c => c.Count);
    }

    /// <summary>The claimed check monitors' checks, and a down result for each claimed (so overdue) heartbeat.</summary>
    private static async Task<Claim> ClaimAsync(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        var checks = new Dictionary<string, List<RunCheck>>();
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
                if (reader.GetBoolean(12))
                {
                    skipped += reader.GetInt32(8);
                    Read(reader, checks, missed);
                }
            }
        }

        if (claimed.Count > 0)
        {
            await using var advance = new NpgsqlCommand(AdvanceSql, connection) { Parameters = { new NpgsqlParameter { Value = claimed.ToArray() } } };
            await advance.ExecuteNonQueryAsync(cancellationToken);
        }

        return new Claim(checks, missed, claimed.Count, skipped);
    }

    /// <summary>
    /// A claimed row: a check to send to each of its regions, its spec forwarded as stored, or for a heartbeat
    /// (claimed only when overdue) a missed ping.
    /// </summary>
    /// <remarks>
    /// The claim reads a monitor checked from the default region alone (nearly all of them) as a null
    /// <c>regions</c>, so that case reads no array. An empty array on a monitor that is not a heartbeat should not
    /// exist (the api resolves a monitor's regions when it writes them); it is checked from the default region.
    /// </remarks>
    private static void Read(NpgsqlDataReader reader, Dictionary<string, List<RunCheck>> checks, List<CheckCompleted> missed)
    {
        if (reader.GetString(1) == CheckKinds.Heartbeat.Name)
        {
            missed.Add(Missed(reader));
            return;
        }

        var spec = reader.GetFieldValue<JsonElement>(2);
        var regions = reader.IsDBNull(9) ? null : reader.GetFieldValue<string[]>(9);
        if (regions is null || regions.Length == 0)
        {
            AddTo(checks, NewCheck(reader, spec, RegionNames.Default, regionCount: 1));
            return;
        }

        foreach (var region in regions)
        {
            AddTo(checks, NewCheck(reader, spec, region, regions.Length));
        }
    }

    private static RunCheck NewCheck(NpgsqlDataReader reader, JsonElement spec, string region, int regionCount) => new()
    {
        CheckId = SlotCheckId.For(reader.GetGuid(0), reader.GetDateTime(5), region),
        MonitorId = reader.GetGuid(0),
        Check = spec,
        FailureThreshold = reader.GetInt32(3),
        SuccessThreshold = reader.GetInt32(4),
        ScheduledAt = reader.GetDateTime(5),
        Region = region,
        RegionCount = regionCount,
        Quorum = reader.GetInt32(10),
        DegradedAboveMs = reader.IsDBNull(11) ? null : reader.GetInt32(11),
    };

    private static void AddTo(Dictionary<string, List<RunCheck>> checks, RunCheck check)
    {
        if (!checks.TryGetValue(check.Region!, out var regionChecks))
        {
            checks[check.Region!] = regionChecks = [];
        }

        regionChecks.Add(check);
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
