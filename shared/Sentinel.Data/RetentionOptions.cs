using System.ComponentModel.DataAnnotations;

namespace Sentinel.Data;

/// <summary>
/// How long check history is kept, bound from the <c>Retention</c> section. The scheduler's housekeeping enforces
/// it; the api reads <see cref="HourlyRollupDays"/> to know where hourly rollups end and daily ones take over.
/// </summary>
public sealed class RetentionOptions : IValidatableObject
{
    public const string Section = "Retention";

    /// <summary>
    /// Days raw results (<see cref="CheckResult"/>) are kept: a partition is dropped once its whole range is older.
    /// History pages reach back this far.
    /// </summary>
    [Range(1, 3650)]
    public int RawDays { get; set; } = 14;

    /// <summary>Days hourly rollups (<see cref="CheckRollup"/>) are kept: uptime and latency charts by the hour.</summary>
    [Range(1, 36500)]
    public int HourlyRollupDays { get; set; } = 400;

    /// <summary>Days daily rollups (<see cref="DailyRollup"/>) are kept; 0 keeps them forever.</summary>
    [Range(0, 36500)]
    public int DailyRollupDays { get; set; }

    /// <summary>
    /// How much due time one partition of <c>check_results</c> covers, in hours: 24 (a day), or 1 where a day's
    /// results would make one partition too large to compact and drop in step (several thousand checks a second).
    /// </summary>
    public int PartitionHours { get; set; } = 24;

    /// <summary>How often housekeeping runs, in seconds (one replica at a time does the work).</summary>
    [Range(10, 86_400)]
    public int IntervalSeconds { get; set; } = 300;

    public TimeSpan PartitionWidth => TimeSpan.FromHours(PartitionHours);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PartitionHours is not (1 or 24))
        {
            yield return new ValidationResult(
                $"Retention:PartitionHours is {PartitionHours}; it must be 24 (a partition per day) or 1 (per hour, for high check rates).",
                [nameof(PartitionHours)]);
        }

        // Each later tier is what readers fall back on once the one before has aged out, so it must reach further.
        if (HourlyRollupDays < RawDays)
        {
            yield return new ValidationResult(
                $"Retention:HourlyRollupDays ({HourlyRollupDays}) is shorter than Retention:RawDays ({RawDays}): uptime beyond the raw results is read from hourly rollups, so they must be kept at least as long.",
                [nameof(HourlyRollupDays)]);
        }

        if (DailyRollupDays != 0 && DailyRollupDays < HourlyRollupDays)
        {
            yield return new ValidationResult(
                $"Retention:DailyRollupDays ({DailyRollupDays}) is shorter than Retention:HourlyRollupDays ({HourlyRollupDays}): daily rollups are read where the hourly ones have gone, so set it to 0 (forever) or at least {HourlyRollupDays}.",
                [nameof(DailyRollupDays)]);
        }
    }
}
