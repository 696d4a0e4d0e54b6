using Sentinel.Contracts;

namespace Sentinel.Data;

/// <summary>
/// One recorded check, in the narrowest row that keeps what the api shows. Its key is its due slot (monitor, region,
/// due time): the idempotency key (a redelivered result is stored once) and the history index in one. The table is
/// partitioned by due time (<see cref="ResultPartitions"/>) and kept for a bounded time.
/// </summary>
/// <remarks>
/// Every column is there to keep the row at 52 bytes with its line pointer (a 24-byte header and exactly 24 of
/// data, so no padding): the monitor and region are numbers (<see cref="MonitorDefinition.Number"/>,
/// <see cref="Region.Number"/>) rather than a uuid and a name; the check id is not stored (it is
/// <see cref="SlotCheckId.For(Guid, DateTime, string)"/> of the key); the one-line error is the <see cref="Errors"/>
/// joined; when the probe started is an offset from the due time; and the status, the maintenance mark and the HTTP
/// status code share one smallint (<see cref="StoredOutcome"/>). A ninth column would widen every row's null bitmap
/// and header by 8 bytes, a 2-byte one its data past 24 bytes and so by 8 as well.
/// </remarks>
public sealed class CheckResult
{
    /// <summary>The monitor's <see cref="MonitorDefinition.Number"/>.</summary>
    public int MonitorNumber { get; set; }

    /// <summary>The <see cref="Region.Number"/> of the region whose checker ran it.</summary>
    public short RegionNumber { get; set; }

    /// <summary>When the check was due (UTC): the partition key.</summary>
    public DateTime ScheduledAt { get; set; }

    /// <summary>The status, the maintenance mark and the HTTP status code (<see cref="StoredOutcome"/>).</summary>
    public short Outcome { get; set; }

    public float LatencyMs { get; set; }

    /// <summary>When the probe started, in milliseconds after <see cref="ScheduledAt"/>.</summary>
    public int CheckedAfterMs { get; set; }

    /// <summary>Every reason the check failed, failed conditions with the values they saw; null when up.</summary>
    public string[]? Errors { get; set; }
}

/// <summary>
/// How <c>check_results.outcome</c> holds, in one smallint, a result's <see cref="CheckStatus"/> (bits 0–1), whether a
/// maintenance window covered its monitor when it was due (bit 2: shown as such, counted in no uptime figure or
/// rollup, alerting no one) and its HTTP status code (bits 3–12; 0 for none: a status code is three digits). SQL reads
/// it through <see cref="StatusSql"/>, <see cref="MaintenanceSql"/> and <see cref="StatusCodeSql"/>.
/// </summary>
public static class StoredOutcome
{
    private const int StatusMask = 3;
    private const int MaintenanceBit = 4;
    private const int CodeShift = 3;
    private const int HighestCode = 999;

    public static short Of(CheckStatus status, bool maintenance, int? statusCode) => (short)(
        (int)status
        | (maintenance ? MaintenanceBit : 0)
        | (statusCode is > 0 and <= HighestCode ? statusCode.Value << CodeShift : 0));

    public static CheckStatus StatusOf(short outcome) => (CheckStatus)(outcome & StatusMask);

    public static bool InMaintenance(short outcome) => (outcome & MaintenanceBit) != 0;

    public static int? StatusCodeOf(short outcome) => outcome >> CodeShift is var code and > 0 ? code : null;

    /// <summary>The <see cref="CheckStatus"/> in <paramref name="column"/>, as an SQL integer expression.</summary>
    public static string StatusSql(string column) => $"({column} & {StatusMask})";

    /// <summary>Whether <paramref name="column"/>'s result was due in maintenance, as an SQL boolean expression.</summary>
    public static string MaintenanceSql(string column) => $"({column} & {MaintenanceBit} <> 0)";

    /// <summary>The HTTP status code in <paramref name="column"/>, null for none, as an SQL expression.</summary>
    public static string StatusCodeSql(string column) => $"nullif({column} >> {CodeShift}, 0)";

    /// <summary>The one-line error the api shows: the errors joined, as the checker joins them.</summary>
    public static string? ErrorOf(string[]? errors) => errors is { Length: > 0 } ? string.Join("; ", errors) : null;
}
