using System.Text.Json;
using MassTransit;
using Npgsql;
using Prometheus;
using Sentinel.Contracts;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>
/// Claims due monitors, sends a <see cref="RunCheck"/> for each and moves their next check on, in one transaction:
/// a failed send rolls the claim back, so no check is silently skipped. <c>FOR UPDATE SKIP LOCKED</c> keeps
/// concurrent scheduler replicas on disjoint monitors. Plain Npgsql: this runs several times a second.
/// </summary>
public sealed class DueCheckDispatcher(NpgsqlDataSource dataSource, ISendEndpointProvider sendEndpoints)
{
    // Served by ix_monitors_due (next_check_at WHERE enabled). A monitor far behind (the scheduler was down) is
    // checked once now and then every interval from now, rather than replaying every missed check.
    private const string ClaimSql = """
        WITH due AS (
            SELECT id, next_check_at FROM monitors
            WHERE enabled AND next_check_at <= now()
            ORDER BY next_check_at
            LIMIT $1
            FOR UPDATE SKIP LOCKED)
        UPDATE monitors m
        SET next_check_at = GREATEST(due.next_check_at, now() - make_interval(secs => m.interval_seconds))
                            + make_interval(secs => m.interval_seconds)
        FROM due
        WHERE m.id = due.id
        RETURNING m.id, m.url, m.method, m.headers::text, m.expected_status_codes, m.timeout_seconds,
                  m.failure_threshold, m.success_threshold, due.next_check_at, m.conditions,
                  m.body, m.content_type, m.basic_auth_username, m.basic_auth_password, m.bearer_token,
                  m.follow_redirects, m.verify_tls, m.retries
        """;

    private static readonly Counter Dispatched = Metrics.CreateCounter(
        "sentinel_checks_dispatched_total", "Checks sent to the checkers by this scheduler.");

    private static readonly Histogram Lag = Metrics.CreateHistogram(
        "sentinel_schedule_lag_seconds", "From the time a check was due to the time it was sent.",
        new HistogramConfiguration { Buckets = [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60] });

    private static readonly Uri RunCheckQueue = new($"queue:{QueueNames.RunCheck}");

    /// <summary>Dispatches up to <paramref name="batchSize"/> due monitors; returns how many there were.</summary>
    public async Task<int> DispatchDueAsync(int batchSize, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var checks = await ClaimAsync(connection, batchSize, cancellationToken);
        if (checks.Count == 0)
        {
            return 0;
        }

        var endpoint = await sendEndpoints.GetSendEndpoint(RunCheckQueue);
        var sentAt = DateTime.UtcNow;
        await Task.WhenAll(checks.Select(check => endpoint.Send(check, cancellationToken)));
        await transaction.CommitAsync(cancellationToken);

        Dispatched.Inc(checks.Count);
        foreach (var check in checks)
        {
            Lag.Observe(Math.Max(0, (sentAt - check.ScheduledAt).TotalSeconds));
        }

        return checks.Count;
    }

    private static async Task<List<RunCheck>> ClaimAsync(NpgsqlConnection connection, int batchSize, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(ClaimSql, connection);
        command.Parameters.Add(new NpgsqlParameter { Value = batchSize });
        var checks = new List<RunCheck>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            checks.Add(new RunCheck
            {
                CheckId = NewId.NextGuid(),
                MonitorId = reader.GetGuid(0),
                Url = reader.GetString(1),
                Method = reader.GetString(2),
                Headers = JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(3)) ?? [],
                ExpectedStatusCodes = reader.GetFieldValue<int[]>(4),
                TimeoutSeconds = reader.GetInt32(5),
                FailureThreshold = reader.GetInt32(6),
                SuccessThreshold = reader.GetInt32(7),
                ScheduledAt = reader.GetDateTime(8),
                Conditions = reader.GetFieldValue<string[]>(9),
                Body = NullableString(reader, 10),
                ContentType = NullableString(reader, 11),
                BasicAuthUsername = NullableString(reader, 12),
                BasicAuthPassword = NullableString(reader, 13),
                BearerToken = NullableString(reader, 14),
                FollowRedirects = reader.GetBoolean(15),
                VerifyTls = reader.GetBoolean(16),
                Retries = reader.GetInt32(17),
            });
        }

        return checks;
    }

    private static string? NullableString(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
