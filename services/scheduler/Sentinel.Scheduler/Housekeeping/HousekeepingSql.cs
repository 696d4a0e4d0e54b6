using System.Globalization;
using Sentinel.Data;

namespace Sentinel.Scheduler.Housekeeping;

/// <summary>
/// Every statement housekeeping runs, in one place. Plain Npgsql rather than EF Core: most of it is DDL, and what is
/// not must reach rows through the keys' leading column (the monitor) to stay cheap on large tables.
/// </summary>
public static class HousekeepingSql
{
    /// <summary>
    /// The advisory lock one housekeeping run holds for its session (an arbitrary number no other lock uses). A
    /// session lock rather than a transaction's: compaction runs <c>REINDEX CONCURRENTLY</c>, which refuses a
    /// transaction, and the run must stay exclusive through it. Written as text so the SQL can be a constant; it
    /// is 0x53454E54484B5031, "SENTHKP1" in ASCII.
    /// </summary>
    public const string LockKey = "6000288202438168625";

    public const string TryLock = $"SELECT pg_try_advisory_lock({LockKey})";

    public const string Unlock = $"SELECT pg_advisory_unlock({LockKey})";

    /// <summary>
    /// Partition DDL needs an exclusive lock on <c>check_results</c>, and while it waits for one every insert and
    /// read queues behind it. A run that cannot get its lock soon gives up (and tries again next time) rather than
    /// stall the recorder behind a long read.
    /// </summary>
    public const string LimitLockWaits = "SET lock_timeout = '10s'";

    public const string ResetLockWaits = "RESET lock_timeout";

    /// <summary>
    /// The partitions of <c>check_results</c> with their bounds as the catalog holds them (a name says what its
    /// creator meant, the bound what PostgreSQL enforces), and whether the key index is compacted (fillfactor 100:
    /// <see cref="ResultPartitions.CompactSql"/> sets it before rebuilding). The bound's text is cast back to
    /// timestamptz in the session that printed it, so the time zone it was printed in does not matter; a bound of
    /// MINVALUE or MAXVALUE reads as null (open).
    /// </summary>
    public const string ListPartitions = $"""
        SELECT c.relname,
               pg_get_expr(c.relpartbound, c.oid) = 'DEFAULT',
               substring(pg_get_expr(c.relpartbound, c.oid) FROM $re$FROM \('([^']*)'\)$re$)::timestamptz,
               substring(pg_get_expr(c.relpartbound, c.oid) FROM $re$TO \('([^']*)'\)$re$)::timestamptz,
               coalesce('fillfactor=100' = ANY (i.reloptions), false)
        FROM pg_inherits h
        JOIN pg_class c ON c.oid = h.inhrelid
        LEFT JOIN pg_index x ON x.indrelid = c.oid AND x.indisprimary
        LEFT JOIN pg_class i ON i.oid = x.indexrelid
        WHERE h.inhparent = '{ResultPartitions.Table}'::regclass
        """;

    /// <summary>Whether a relation of this name exists already (a new partition's name must be free).</summary>
    public const string NameTaken = $"SELECT EXISTS (SELECT 1 FROM pg_class WHERE relname = $1 AND relnamespace = {ResultsSchema})";

    /// <summary>Rows in the default partition within [$1, $2): strays a partition about to cover that range must take in.</summary>
    public static string CountStrays(string defaultPartition) =>
        $"SELECT count(*) FROM {Quote(defaultPartition)} WHERE scheduled_at >= $1 AND scheduled_at < $2";

    public static string CreatePartition(string name, DateTime from, DateTime to) =>
        $"CREATE TABLE {Quote(name)} PARTITION OF {ResultPartitions.Table} FOR VALUES FROM ({Literal(from)}) TO ({Literal(to)})";

    /// <summary>
    /// Creates a partition over a range the default partition holds rows of, moving them in; one transaction.
    /// PostgreSQL refuses a new partition whose range the default partition has rows in, so the default is detached
    /// first: that takes <c>check_results</c>'s exclusive lock, so no insert can put another stray into the range
    /// between the move and the re-attach (whose check of the default would then fail). Inserts wait the moment it
    /// takes: strays are few.
    /// </summary>
    public static string[] CreatePartitionTakingStrays(string name, DateTime from, DateTime to, string defaultPartition) =>
    [
        $"ALTER TABLE {ResultPartitions.Table} DETACH PARTITION {Quote(defaultPartition)}",
        CreatePartition(name, from, to),
        $"""
        INSERT INTO {Quote(name)} ({Columns})
        SELECT {Columns} FROM {Quote(defaultPartition)}
        WHERE scheduled_at >= {Literal(from)} AND scheduled_at < {Literal(to)}
        """,
        $"DELETE FROM {Quote(defaultPartition)} WHERE scheduled_at >= {Literal(from)} AND scheduled_at < {Literal(to)}",
        $"ALTER TABLE {ResultPartitions.Table} ATTACH PARTITION {Quote(defaultPartition)} DEFAULT",
    ];

    /// <summary>
    /// Strays in the default partition older than raw results are kept: no partition will take them in, and the
    /// default is small (what lands there is what no partition covered), so a plain DELETE is cheap.
    /// </summary>
    public static string DeleteOldStrays(string defaultPartition) =>
        $"DELETE FROM {Quote(defaultPartition)} WHERE scheduled_at < $1";

    /// <summary>
    /// Slots (<see cref="RetentionOptions.PartitionWidth"/> wide, from the epoch) that strays in the default
    /// partition fall in, within [$2, $3): the partitions that would take them in.
    /// </summary>
    public static string StraySlots(string defaultPartition) =>
        $"""
        SELECT DISTINCT date_bin($1, scheduled_at, timestamptz '1970-01-01 00:00:00+00')
        FROM {Quote(defaultPartition)}
        WHERE scheduled_at >= $2 AND scheduled_at < $3
        """;

    /// <summary>A whole partition leaves at once: no mass DELETE, no dead rows, no vacuum debt.</summary>
    public static string DropPartition(string name) => $"DROP TABLE {Quote(name)}";

    /// <summary>
    /// Invalid indexes of partition $1: what a <c>REINDEX CONCURRENTLY</c> that failed leaves behind
    /// (<c>…_pkey_ccnew</c>), kept up to date by every insert though no query uses it.
    /// </summary>
    public const string InvalidIndexes = $"""
        SELECT i.relname
        FROM pg_index x
        JOIN pg_class i ON i.oid = x.indexrelid
        JOIN pg_class c ON c.oid = x.indrelid
        WHERE c.relname = $1 AND c.relnamespace = {ResultsSchema} AND NOT x.indisvalid
        """;

    /// <summary>Concurrently, so that dropping it blocks no insert: it runs outside a transaction.</summary>
    public static string DropIndex(string name) => $"DROP INDEX CONCURRENTLY IF EXISTS {Quote(name)}";

    /// <summary>Undoes the fillfactor of a compaction whose rebuild failed, so the next run tries it again.</summary>
    public static string UndoCompactionMark(string partition) => $"ALTER INDEX {Quote(partition + "_pkey")} RESET (fillfactor)";

    /// <summary>
    /// Writes the daily rollups of the finished UTC days in [$1, $2) from their hourly rollups: checks, up checks and
    /// latency sums added, the smallest minimum and largest maximum kept, the histograms added bucket by bucket.
    /// Only (monitor, day, region) rows whose sums differ from what is stored are written, and only their histograms
    /// (86 buckets an hour, the costly part) unnested: re-rolling recent days, which a late result may still change,
    /// then costs one read of their hours. The hours are reached monitor by monitor through the key
    /// (monitor_id, bucket_start, region): a range on bucket_start alone would scan every hour of every monitor.
    /// </summary>
    public const string RollDays = """
        WITH hours AS (
            SELECT h.monitor_id, h.region, date_trunc('day', h.bucket_start AT TIME ZONE 'UTC') AT TIME ZONE 'UTC' AS day,
                   h.checks, h.up_checks, h.latency_sum_ms, h.latency_min_ms, h.latency_max_ms, h.latency_histogram
            FROM monitors m
            CROSS JOIN LATERAL (
                SELECT * FROM check_rollups r
                WHERE r.monitor_id = m.id AND r.bucket_start >= $1 AND r.bucket_start < $2) h
        ),
        days AS (
            SELECT monitor_id, region, day, sum(checks)::int AS checks, sum(up_checks)::int AS up_checks,
                   sum(latency_sum_ms) AS latency_sum_ms, min(latency_min_ms) AS latency_min_ms,
                   max(latency_max_ms) AS latency_max_ms
            FROM hours
            GROUP BY monitor_id, region, day
        ),
        changed AS (
            SELECT d.*
            FROM days d
            LEFT JOIN check_rollups_daily r ON r.monitor_id = d.monitor_id AND r.day = d.day AND r.region = d.region
            WHERE r.monitor_id IS NULL
               OR (r.checks, r.up_checks, r.latency_sum_ms) IS DISTINCT FROM (d.checks, d.up_checks, d.latency_sum_ms)
               OR (r.latency_min_ms, r.latency_max_ms) IS DISTINCT FROM (d.latency_min_ms, d.latency_max_ms)
        ),
        buckets AS (
            SELECT h.monitor_id, h.region, h.day, b.bucket, sum(b.count)::int AS count
            FROM hours h
            JOIN changed c ON c.monitor_id = h.monitor_id AND c.region = h.region AND c.day = h.day
            CROSS JOIN LATERAL unnest(h.latency_histogram) WITH ORDINALITY AS b(count, bucket)
            GROUP BY h.monitor_id, h.region, h.day, b.bucket
        ),
        histograms AS (
            SELECT monitor_id, region, day, array_agg(count ORDER BY bucket) AS latency_histogram
            FROM buckets
            GROUP BY monitor_id, region, day
        )
        INSERT INTO check_rollups_daily (monitor_id, day, region, checks, up_checks, latency_sum_ms, latency_min_ms, latency_max_ms, latency_histogram)
        SELECT c.monitor_id, c.day, c.region, c.checks, c.up_checks, c.latency_sum_ms, c.latency_min_ms, c.latency_max_ms, g.latency_histogram
        FROM changed c
        JOIN histograms g ON g.monitor_id = c.monitor_id AND g.region = c.region AND g.day = c.day
        ON CONFLICT (monitor_id, day, region) DO UPDATE SET
            checks = excluded.checks, up_checks = excluded.up_checks, latency_sum_ms = excluded.latency_sum_ms,
            latency_min_ms = excluded.latency_min_ms, latency_max_ms = excluded.latency_max_ms,
            latency_histogram = excluded.latency_histogram
        """;

    /// <summary>
    /// Hourly rollups before $1. Found monitor by monitor through the key and deleted by row address (a TID scan),
    /// so a run reads only what leaves (an interval's worth of hours per monitor), never the whole table.
    /// </summary>
    public const string DeleteOldHourlyRollups = """
        DELETE FROM check_rollups
        WHERE ctid = ANY (ARRAY(
            SELECT r.ctid FROM monitors m
            CROSS JOIN LATERAL (SELECT ctid FROM check_rollups WHERE monitor_id = m.id AND bucket_start < $1) r))
        """;

    /// <summary>Daily rollups before $1, found as <see cref="DeleteOldHourlyRollups"/> finds hours.</summary>
    public const string DeleteOldDailyRollups = """
        DELETE FROM check_rollups_daily
        WHERE ctid = ANY (ARRAY(
            SELECT r.ctid FROM monitors m
            CROSS JOIN LATERAL (SELECT ctid FROM check_rollups_daily WHERE monitor_id = m.id AND day < $1) r))
        """;

    /// <summary>The schema check_results is in (as the search path finds it), where its partitions are made.</summary>
    private const string ResultsSchema = $"(SELECT relnamespace FROM pg_class WHERE oid = '{ResultPartitions.Table}'::regclass)";

    private const string Columns = "scheduled_at, monitor, latency_ms, checked_after_ms, region, outcome, errors";

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"") + "\"";

    /// <summary>A UTC time as an SQL timestamptz literal (DDL takes no parameters); never user input.</summary>
    private static string Literal(DateTime utc) =>
        "'" + utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + "+00'";
}
