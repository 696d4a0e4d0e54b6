using System.Globalization;

namespace Sentinel.Data;

/// <summary>
/// The partitions of <c>check_results</c>: one per UTC day (or per hour at high rates), by due time, created ahead
/// and dropped whole when they leave the retention window. A result whose due time no partition covers (one long
/// late, or housekeeping stopped for days) lands in <see cref="DefaultPartition"/> rather than failing its batch.
/// </summary>
public static class ResultPartitions
{
    public const string Table = "check_results";
    public const string DefaultPartition = "check_results_default";

    /// <summary>The name of the partition starting at <paramref name="start"/> (UTC), <paramref name="width"/> long.</summary>
    public static string NameOf(DateTime start, TimeSpan width) =>
        Table + "_p" + start.ToString(width >= TimeSpan.FromDays(1) ? "yyyyMMdd" : "yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>
    /// Rebuilds a closed partition's key index full (fillfactor 100) without blocking readers or writers: its rows
    /// arrived spread over every monitor's range, which leaves a live index about two thirds full; a partition no
    /// longer written to can be packed. Run outside a transaction (<c>REINDEX CONCURRENTLY</c> refuses one).
    /// </summary>
    public static string[] CompactSql(string partition) =>
    [
        $"ALTER INDEX \"{partition}_pkey\" SET (fillfactor = 100)",
        $"REINDEX INDEX CONCURRENTLY \"{partition}_pkey\"",
    ];
}
