using System.Globalization;
using Npgsql;
using Sentinel.Data;

namespace Sentinel.Bench;

/// <summary>One measurement of partitions of check_results: their rows and their bytes, heap and index apart.</summary>
public sealed record PartitionBytes(long Rows, long HeapBytes, long IndexBytes)
{
    public double HeapPerRow => Rows == 0 ? 0 : (double)HeapBytes / Rows;
    public double IndexPerRow => Rows == 0 ? 0 : (double)IndexBytes / Rows;
    public double PerRow => HeapPerRow + IndexPerRow;
}

/// <summary>What a stored check costs on disk, and what a fleet's history comes to with the default retention.</summary>
public sealed record StorageResult
{
    /// <summary>The issue's goal: table and indexes together, per stored check.</summary>
    public const double GoalBytesPerCheck = 100;

    /// <summary>The steady state printed: a fleet of this many monitors at <see cref="FleetIntervalSeconds"/>.</summary>
    public const int FleetMonitors = 10_000;

    public const int FleetIntervalSeconds = 60;

    // The defaults of Retention__RawDays, Retention__HourlyRollupDays and Retention__DailyRollupDays (0: forever);
    // daily rollups are shown per year kept.
    public const int RawDays = 14;
    public const int HourlyRollupDays = 400;

    /// <summary>The partitions holding the main run's rows (every row in them counted, earlier steps' too).</summary>
    public required IReadOnlyList<string> Partitions { get; init; }

    /// <summary>As the recorder left them: the key index about two thirds full, rows having arrived spread over monitors.</summary>
    public required PartitionBytes Live { get; init; }

    /// <summary>After <see cref="ResultPartitions.CompactSql"/>, what housekeeping does to a partition no longer written.</summary>
    public required PartitionBytes Compacted { get; init; }

    /// <summary>An hourly rollup row as written (heap, TOAST and its key index), from a copy of the run's check_rollups.</summary>
    public required double RollupBytesPerRow { get; init; }

    public required long RollupRows { get; init; }

    public static double RawRowsPerDay => (double)FleetMonitors * 86_400 / FleetIntervalSeconds;

    /// <summary>Raw results kept: today's partition live, the <see cref="RawDays"/> − 1 before it compacted.</summary>
    public double RawBytes => RawRowsPerDay * (Live.PerRow + (RawDays - 1) * Compacted.PerRow);

    public static double HourlyRollupRows => (double)FleetMonitors * 24 * HourlyRollupDays;

    public double HourlyRollupBytes => HourlyRollupRows * RollupBytesPerRow;

    public static double DailyRollupRowsPerYear => (double)FleetMonitors * 365;

    /// <summary>A daily rollup is an hourly one's columns with a day for an hour: the same width.</summary>
    public double DailyRollupBytesPerYear => DailyRollupRowsPerYear * RollupBytesPerRow;

    public double SteadyStateBytes => RawBytes + HourlyRollupBytes;
}

/// <summary>
/// The floor PostgreSQL sets under a stored check holding nothing but its key (monitor integer, region smallint,
/// due time timestamptz: 14 bytes): a heap tuple's 24-byte header and 4-byte line pointer, an index entry's 8-byte
/// header and 4-byte line pointer, the key in each, every tuple padded to 8 bytes. Pages full, their headers not
/// counted.
/// </summary>
public static class StorageFloor
{
    public const int KeyBytes = 4 + 2 + 8;
    public const int HeapHeaderBytes = 24;
    public const int IndexHeaderBytes = 8;
    public const int LinePointerBytes = 4;

    public static int HeapBytes => Padded(HeapHeaderBytes + KeyBytes) + LinePointerBytes;

    // The index tuple's timestamptz is aligned to 8 after the 6 bytes of integer and smallint: 8 + 16 + 8.
    public static int IndexBytes => Padded(IndexHeaderBytes + 8 + 8) + LinePointerBytes;

    public static int Bytes => HeapBytes + IndexBytes;

    public static string Formula => string.Create(CultureInfo.InvariantCulture,
        $"heap {HeapHeaderBytes} header + {LinePointerBytes} line pointer + {KeyBytes} key, padded: {HeapBytes}; index {IndexHeaderBytes} + {LinePointerBytes} + {KeyBytes} key, padded: {IndexBytes}");

    private static int Padded(int bytes) => (bytes + 7) / 8 * 8;
}

/// <summary>
/// Measures, after the main run (checks stopped, its last results in), the partitions of check_results holding its
/// rows: as written, then compacted as housekeeping compacts a closed partition; and an hourly rollup row's bytes.
/// </summary>
public sealed class StorageFootprint(NpgsqlDataSource db)
{
    public async Task<StorageResult> MeasureAsync(LoadResult main, Action<string> progress)
    {
        var partitions = await PartitionsAsync(main.WindowStart, main.WindowEnd);
        var live = await BytesAsync(partitions);
        progress(string.Create(CultureInfo.InvariantCulture,
            $"storage: {live.Rows} rows in {string.Join(", ", partitions)}: {live.HeapPerRow:0.0} + {live.IndexPerRow:0.0} bytes a row; compacting"));
        foreach (var partition in partitions)
        {
            // One statement at a time, outside a transaction: REINDEX CONCURRENTLY refuses one.
            foreach (var sql in ResultPartitions.CompactSql(partition))
            {
                await ExecuteAsync(sql);
            }
        }

        var compacted = await BytesAsync(partitions);
        var (rollupRows, rollupBytes) = await RollupBytesAsync();
        return new StorageResult
        {
            Partitions = partitions, Live = live, Compacted = compacted,
            RollupRows = rollupRows, RollupBytesPerRow = rollupRows == 0 ? 0 : (double)rollupBytes / rollupRows,
        };
    }

    private async Task<List<string>> PartitionsAsync(DateTime start, DateTime end)
    {
        await using var command = db.CreateCommand(
            "SELECT DISTINCT tableoid::regclass::text FROM check_results WHERE scheduled_at >= $1 AND scheduled_at < $2 ORDER BY 1");
        command.Parameters.Add(new NpgsqlParameter { Value = start });
        command.Parameters.Add(new NpgsqlParameter { Value = end });
        command.CommandTimeout = 300;
        var partitions = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            partitions.Add(reader.GetString(0));
        }

        return partitions.Count > 0 ? partitions : throw new InvalidOperationException("The main run recorded no result: nothing to measure.");
    }

    /// <summary>The partitions' rows, their heaps' size (main fork) and their indexes' (the key's alone).</summary>
    private async Task<PartitionBytes> BytesAsync(IReadOnlyList<string> partitions)
    {
        long rows = 0, heap = 0, index = 0;
        foreach (var partition in partitions)
        {
            await using var command = db.CreateCommand(
                $"SELECT count(*), pg_relation_size($1::regclass), pg_indexes_size($1::regclass) FROM \"{partition}\"");
            command.Parameters.Add(new NpgsqlParameter { Value = partition });
            command.CommandTimeout = 300;
            await using var reader = await command.ExecuteReaderAsync();
            await reader.ReadAsync();
            rows += reader.GetInt64(0);
            heap += reader.GetInt64(1);
            index += reader.GetInt64(2);
        }

        return new PartitionBytes(rows, heap, index);
    }

    /// <summary>
    /// The run's hourly rollups copied into a fresh table of the same definition in arrival order (each hour's rows
    /// as the monitors' results came, spread over monitors), so that the size is the rows' and not the dead
    /// versions their updates left in check_rollups.
    /// </summary>
    private async Task<(long Rows, long Bytes)> RollupBytesAsync()
    {
        await using var connection = await db.OpenConnectionAsync();
        await using var command = connection.CreateCommand();
        command.CommandTimeout = 300;
        command.CommandText = """
            CREATE TEMP TABLE bench_rollup_size (LIKE check_rollups INCLUDING ALL);
            INSERT INTO bench_rollup_size SELECT * FROM check_rollups ORDER BY bucket_start, random();
            SELECT count(*), pg_total_relation_size('bench_rollup_size') FROM bench_rollup_size;
            """;
        (long, long) measured;
        await using (var reader = await command.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            measured = (reader.GetInt64(0), reader.GetInt64(1));
        }

        command.CommandText = "DROP TABLE bench_rollup_size";
        await command.ExecuteNonQueryAsync();
        return measured;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var command = db.CreateCommand(sql);
        command.CommandTimeout = 600;
        await command.ExecuteNonQueryAsync();
    }
}
