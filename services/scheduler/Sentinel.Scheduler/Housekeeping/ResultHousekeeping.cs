using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.Data;

namespace Sentinel.Scheduler.Housekeeping;

/// <summary>
/// Keeps check history inside <see cref="RetentionOptions"/>: creates <c>check_results</c> partitions ahead of the
/// results that will fill them, drops whole partitions once they leave the raw window, compacts each closed
/// partition's index once, rolls hourly rollups up into daily ones and deletes rollups past their windows. Every
/// replica schedules it; an advisory lock lets one at a time do the work and the others skip that run. Each step
/// is idempotent (it looks at what the catalog and tables hold, never at what a previous run meant to do), so a run
/// cut short is finished by the next.
/// </summary>
public sealed class ResultHousekeeping(NpgsqlDataSource dataSource, IOptions<RetentionOptions> options, TimeProvider clock)
{
    /// <summary>Partitions are made this far ahead of now, so that a day of housekeeping failing loses nothing.</summary>
    public static readonly TimeSpan CreateAhead = TimeSpan.FromDays(2);

    /// <summary>
    /// How long after its range ends a partition is compacted: results due in it still arrive for a while (a checker
    /// that was slow, a redelivery), and each would split a page of the packed index.
    /// </summary>
    public static readonly TimeSpan CompactAfter = TimeSpan.FromHours(1);

    /// <summary>Finished days re-rolled on every run: a result recorded late changes its hour, and so its day.</summary>
    public static readonly TimeSpan ReRollRecent = TimeSpan.FromDays(2);

    /// <summary>
    /// Days checked per run for a daily rollup missing or stale (after a start, until the hourly window is covered):
    /// bounds one run's reading of hourly rollups.
    /// </summary>
    public const int CatchUpDaysPerRun = 31;

    private static readonly TimeSpan Day = TimeSpan.FromDays(1);

    /// <summary>The first day not yet checked by the catch-up; null until the first run.</summary>
    private DateTime? _catchUpFrom;

    /// <summary>Runs housekeeping once; null when another replica (or run) holds the lock and so does the work.</summary>
    public async Task<HousekeepingRun?> RunAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        if (await ScalarAsync<bool>(connection, HousekeepingSql.TryLock, cancellationToken) is false)
        {
            return null;
        }

        try
        {
            await ExecuteAsync(connection, HousekeepingSql.LimitLockWaits, cancellationToken);
            var run = new HousekeepingRun();
            var now = clock.GetUtcNow().UtcDateTime;
            var retention = options.Value;
            await DropExpiredAsync(connection, now, retention, run, cancellationToken);
            await CreateAheadAsync(connection, now, retention, run, cancellationToken);
            await RollDaysAsync(connection, now, retention, run, cancellationToken);
            await DeleteOldRollupsAsync(connection, now, retention, run, cancellationToken);
            // Last: the longest step, and the one a long-running read can make fail (it waits for older snapshots).
            await CompactClosedAsync(connection, now, run, cancellationToken);
            run.Partitions = (await ListPartitionsAsync(connection, cancellationToken)).Count(p => !p.IsDefault);
            return run;
        }
        finally
        {
            // A broken connection is not returned to the pool, and a returned one is reset (DISCARD ALL): either way
            // the lock goes with it. Unlocking here just frees it without waiting for that.
            if (connection.State == System.Data.ConnectionState.Open)
            {
                await ExecuteAsync(connection, HousekeepingSql.ResetLockWaits, CancellationToken.None);
                await ExecuteAsync(connection, HousekeepingSql.Unlock, CancellationToken.None);
            }
        }
    }

    /// <summary>A partition of check_results as the catalog has it; a null bound is open (MINVALUE, MAXVALUE).</summary>
    private sealed record Partition(string Name, bool IsDefault, DateTime? From, DateTime? To, bool Compacted)
    {
        public bool Overlaps(DateTime from, DateTime to) => !IsDefault && (From is null || From < to) && (To is null || To > from);
    }

    private static async Task<List<Partition>> ListPartitionsAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        var partitions = new List<Partition>();
        await using var command = new NpgsqlCommand(HousekeepingSql.ListPartitions, connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            partitions.Add(new Partition(
                reader.GetString(0), reader.GetBoolean(1),
                reader.IsDBNull(2) ? null : reader.GetDateTime(2),
                reader.IsDBNull(3) ? null : reader.GetDateTime(3),
                reader.GetBoolean(4)));
        }

        return partitions;
    }

    /// <summary>Drops partitions whose whole range is older than raw results are kept, and strays as old.</summary>
    private static async Task DropExpiredAsync(NpgsqlConnection connection, DateTime now, RetentionOptions retention, HousekeepingRun run, CancellationToken ct)
    {
        var cutoff = now - TimeSpan.FromDays(retention.RawDays);
        foreach (var partition in await ListPartitionsAsync(connection, ct))
        {
            if (partition.IsDefault)
            {
                await using var delete = new NpgsqlCommand(HousekeepingSql.DeleteOldStrays(partition.Name), connection)
                {
                    Parameters = { new NpgsqlParameter { Value = cutoff } },
                };
                run.StraysDeleted += await delete.ExecuteNonQueryAsync(ct);
            }
            else if (partition.To is { } to && to <= cutoff)
            {
                await ExecuteAsync(connection, HousekeepingSql.DropPartition(partition.Name), ct);
                run.Dropped.Add(partition.Name);
            }
        }
    }

    /// <summary>
    /// Makes partitions, <see cref="RetentionOptions.PartitionWidth"/> wide, over every slot from the current one
    /// through <see cref="CreateAhead"/>, and over every slot within the raw window the default partition holds
    /// strays of (housekeeping was stopped, or results came far out of time). Where existing partitions (of another
    /// width, after the setting changed) cover part of a slot, only the uncovered gaps are made, each a partition
    /// of its own: ranges never overlap, and every width change meets the old partitions without a hole.
    /// </summary>
    private static async Task CreateAheadAsync(NpgsqlConnection connection, DateTime now, RetentionOptions retention, HousekeepingRun run, CancellationToken ct)
    {
        var width = retention.PartitionWidth;
        var partitions = await ListPartitionsAsync(connection, ct);
        var defaultPartition = partitions.FirstOrDefault(p => p.IsDefault)?.Name;

        var slots = new SortedSet<DateTime>();
        for (var slot = SlotOf(now, width); slot <= now + CreateAhead; slot += width)
        {
            slots.Add(slot);
        }

        if (defaultPartition is not null)
        {
            await using var strays = new NpgsqlCommand(HousekeepingSql.StraySlots(defaultPartition), connection)
            {
                Parameters =
                {
                    new NpgsqlParameter { Value = width },
                    new NpgsqlParameter { Value = now - TimeSpan.FromDays(retention.RawDays) },
                    new NpgsqlParameter { Value = now + CreateAhead + width },
                },
            };
            await using var reader = await strays.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                slots.Add(reader.GetDateTime(0));
            }
        }

        foreach (var slot in slots)
        {
            foreach (var (from, to) in Gaps(slot, slot + width, partitions))
            {
                var name = await FreeNameAsync(connection, ResultPartitions.NameOf(from, to - from), ct);
                run.StraysMoved += await CreatePartitionAsync(connection, name, from, to, defaultPartition, ct);
                run.Created.Add(name);
                partitions.Add(new Partition(name, false, from, to, false));
            }
        }
    }

    /// <summary>The start of the slot <paramref name="utc"/> falls in: slots are whole days or hours from the epoch.</summary>
    private static DateTime SlotOf(DateTime utc, TimeSpan width) => new(utc.Ticks - utc.Ticks % width.Ticks, DateTimeKind.Utc);

    /// <summary>The parts of [from, to) no existing partition covers.</summary>
    private static IEnumerable<(DateTime From, DateTime To)> Gaps(DateTime from, DateTime to, List<Partition> partitions)
    {
        var start = from;
        foreach (var covering in partitions.Where(p => p.Overlaps(from, to)).OrderBy(p => p.From ?? DateTime.MinValue))
        {
            var coveredFrom = covering.From ?? DateTime.MinValue;
            if (coveredFrom > start)
            {
                yield return (start, coveredFrom);
            }

            var coveredTo = covering.To ?? DateTime.MaxValue;
            if (coveredTo > start)
            {
                start = coveredTo;
            }

            if (start >= to)
            {
                yield break;
            }
        }

        yield return (start, to);
    }

    /// <summary>
    /// The conventional name, unless a relation has it already (a table left by hand, or a partition of another
    /// width): then numbered, since the bound, not the name, is what counts.
    /// </summary>
    private static async Task<string> FreeNameAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        for (var (candidate, n) = (name, 2); ; (candidate, n) = ($"{name}_{n}", n + 1))
        {
            await using var command = new NpgsqlCommand(HousekeepingSql.NameTaken, connection) { Parameters = { new NpgsqlParameter { Value = candidate } } };
            if (await command.ExecuteScalarAsync(ct) is false)
            {
                return candidate;
            }
        }
    }

    /// <summary>Creates one partition, moving in the strays of its range; returns how many were moved.</summary>
    private static async Task<long> CreatePartitionAsync(
        NpgsqlConnection connection, string name, DateTime from, DateTime to, string? defaultPartition, CancellationToken ct)
    {
        await using var transaction = await connection.BeginTransactionAsync(ct);
        long strays = 0;
        if (defaultPartition is not null)
        {
            await using var count = new NpgsqlCommand(HousekeepingSql.CountStrays(defaultPartition), connection, transaction)
            {
                Parameters = { new NpgsqlParameter { Value = from }, new NpgsqlParameter { Value = to } },
            };
            strays = (long)(await count.ExecuteScalarAsync(ct))!;
        }

        var statements = strays > 0
            ? HousekeepingSql.CreatePartitionTakingStrays(name, from, to, defaultPartition!)
            : [HousekeepingSql.CreatePartition(name, from, to)];
        foreach (var sql in statements)
        {
            await ExecuteAsync(connection, sql, ct, transaction);
        }

        await transaction.CommitAsync(ct);
        return strays;
    }

    /// <summary>
    /// Rebuilds the key index of each partition closed for <see cref="CompactAfter"/> and not compacted yet
    /// (<see cref="ResultPartitions.CompactSql"/>), one at a time, outside any transaction.
    /// </summary>
    private static async Task CompactClosedAsync(NpgsqlConnection connection, DateTime now, HousekeepingRun run, CancellationToken ct)
    {
        foreach (var partition in await ListPartitionsAsync(connection, ct))
        {
            if (partition.IsDefault || partition.Compacted || partition.To is not { } to || to > now - CompactAfter)
            {
                continue;
            }

            // A rebuild that failed (a lock wait timed out) left its new index behind, invalid but still written to.
            foreach (var leftover in await LeftoverIndexesAsync(connection, partition.Name, ct))
            {
                await ExecuteAsync(connection, HousekeepingSql.DropIndex(leftover), ct);
            }

            try
            {
                foreach (var sql in ResultPartitions.CompactSql(partition.Name))
                {
                    await ExecuteAsync(connection, sql, ct);
                }
            }
            catch (Exception) when (connection.State == System.Data.ConnectionState.Open)
            {
                // The fillfactor is what marks a partition done; set before the rebuild, it must not outlive a failed one.
                await ExecuteAsync(connection, HousekeepingSql.UndoCompactionMark(partition.Name), CancellationToken.None);
                throw;
            }

            run.Compacted.Add(partition.Name);
        }
    }

    private static async Task<List<string>> LeftoverIndexesAsync(NpgsqlConnection connection, string partition, CancellationToken ct)
    {
        var names = new List<string>();
        await using var command = new NpgsqlCommand(HousekeepingSql.InvalidIndexes, connection) { Parameters = { new NpgsqlParameter { Value = partition } } };
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }

        return names;
    }

    /// <summary>
    /// Writes daily rollups for the last <see cref="ReRollRecent"/> of finished days, and for up to
    /// <see cref="CatchUpDaysPerRun"/> earlier days per run until every day within the hourly window has been
    /// checked once since this process started (days missed while housekeeping was stopped).
    /// </summary>
    private async Task RollDaysAsync(NpgsqlConnection connection, DateTime now, RetentionOptions retention, HousekeepingRun run, CancellationToken ct)
    {
        var today = DailyRollup.DayOf(now);
        var recent = today - ReRollRecent;
        // The oldest day is skipped: its first hours may be gone already, and rolling what is left would shrink it.
        var oldestWhole = DailyRollup.DayOf(now - TimeSpan.FromDays(retention.HourlyRollupDays)) + Day;
        var from = _catchUpFrom is { } resumed && resumed > oldestWhole ? resumed : oldestWhole;
        if (from < recent)
        {
            var to = from + TimeSpan.FromDays(CatchUpDaysPerRun) < recent ? from + TimeSpan.FromDays(CatchUpDaysPerRun) : recent;
            run.DaysRolled += await ExecuteAsync(connection, HousekeepingSql.RollDays, ct, null, from, to);
            from = to;
        }

        _catchUpFrom = from;
        run.DaysRolled += await ExecuteAsync(connection, HousekeepingSql.RollDays, ct, null, recent, today);
    }

    private static async Task DeleteOldRollupsAsync(NpgsqlConnection connection, DateTime now, RetentionOptions retention, HousekeepingRun run, CancellationToken ct)
    {
        var hourlyCutoff = CheckRollup.HourOf(now - TimeSpan.FromDays(retention.HourlyRollupDays));
        run.HourlyRollupsDeleted = await ExecuteAsync(connection, HousekeepingSql.DeleteOldHourlyRollups, ct, null, hourlyCutoff);
        if (retention.DailyRollupDays > 0)
        {
            var dailyCutoff = DailyRollup.DayOf(now - TimeSpan.FromDays(retention.DailyRollupDays));
            run.DailyRollupsDeleted = await ExecuteAsync(connection, HousekeepingSql.DeleteOldDailyRollups, ct, null, dailyCutoff);
        }
    }

    private static async Task<int> ExecuteAsync(
        NpgsqlConnection connection, string sql, CancellationToken ct, NpgsqlTransaction? transaction = null, params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        return await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (T?)await command.ExecuteScalarAsync(ct);
    }
}
