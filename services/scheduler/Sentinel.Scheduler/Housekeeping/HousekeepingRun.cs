namespace Sentinel.Scheduler.Housekeeping;

/// <summary>What one housekeeping run did, for its log line and for tests.</summary>
public sealed record HousekeepingRun
{
    /// <summary>Partitions created ahead of time or to take in strays.</summary>
    public List<string> Created { get; } = [];

    /// <summary>Rows moved out of the default partition into a partition created for their range.</summary>
    public long StraysMoved { get; set; }

    /// <summary>Rows in the default partition deleted for being older than raw results are kept.</summary>
    public long StraysDeleted { get; set; }

    /// <summary>Partitions dropped for having left the raw retention window.</summary>
    public List<string> Dropped { get; } = [];

    /// <summary>Closed partitions whose key index was rebuilt full.</summary>
    public List<string> Compacted { get; } = [];

    /// <summary>Daily rollups written or rewritten.</summary>
    public long DaysRolled { get; set; }

    public long HourlyRollupsDeleted { get; set; }

    public long DailyRollupsDeleted { get; set; }

    /// <summary>Partitions of check_results after the run, the default one not counted.</summary>
    public int Partitions { get; set; }
}
