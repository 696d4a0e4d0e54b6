using System.ComponentModel.DataAnnotations;

namespace Sentinel.Alerter;

/// <summary>Bound from the <c>Alerter</c> section.</summary>
public sealed class AlerterOptions : IValidatableObject
{
    public const string Section = "Alerter";

    /// <summary>How long a notification is retried after transient failures before it is recorded as failed.</summary>
    [Range(0, 1440)]
    public int RetryForMinutes { get; set; } = 10;

    /// <summary>Longest a single send may take.</summary>
    [Range(1, 300)]
    public int AttemptTimeoutSeconds { get; set; } = 15;

    /// <summary>Transitions one replica notifies at once; a channel that keeps failing holds only its own slot.</summary>
    [Range(1, 1000)]
    public int ConcurrentTransitions { get; set; } = 32;

    /// <summary>
    /// How often reminders are due-checked, settled flapping is told, held notices are released or withheld, and
    /// unfinished deliveries of a stopped alerter are resumed.
    /// </summary>
    [Range(1, 3600)]
    public int SweepIntervalSeconds { get; set; } = 15;

    /// <summary>
    /// How long monitors may be due with no result recorded before the default channels hear "Sentinel is not
    /// checking": a monitor is overdue once nothing was recorded for it for its interval plus this.
    /// </summary>
    [Range(30, 86400)]
    public int NotCheckingAfterSeconds { get; set; } = 300;

    /// <summary>How often the alerter looks for overdue monitors (and for their recovery).</summary>
    [Range(1, 3600)]
    public int CheckingWatchIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// How long every checker of a region may be silent (no <c>CheckerSeen</c> recorded) before the default channels
    /// hear the region is lost. Keep it above two of the checkers' <c>Checker__HeartbeatSeconds</c> (10 by default), or
    /// one late heartbeat looks like a lost region.
    /// </summary>
    [Range(5, 86400)]
    public int RegionLostAfterSeconds { get; set; } = 60;

    /// <summary>How often the alerter looks for regions lost (and back); less than <see cref="RegionLostAfterSeconds"/>.</summary>
    [Range(1, 3600)]
    public int RegionWatchIntervalSeconds { get; set; } = 10;

    /// <summary>How often the alerter looks for maintenance windows starting or ending, to tell their notice channels.</summary>
    [Range(1, 3600)]
    public int MaintenanceNoticeIntervalSeconds { get; set; } = 30;

    /// <summary>
    /// The api's address as the people paged reach it (<c>https://sentinel.example.com</c>): DOWN, reminder and
    /// escalation notices then carry a signed one-click acknowledge link under it. Unset, they carry none.
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>How long an acknowledge link in a notice works.</summary>
    [Range(1, 720)]
    public int AcknowledgeLinkHours { get; set; } = 24;

    /// <summary>
    /// How often the DOWN of a monitor still down is re-sent to channels that expect it repeated (Alertmanager): less
    /// than Alertmanager's <c>resolve_timeout</c> (5 minutes by default), or it resolves the alert in between.
    /// </summary>
    [Range(5, 3600)]
    public int RepeatWhileDownSeconds { get; set; } = 60;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(PublicUrl)
            && !(Uri.TryCreate(PublicUrl, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" && url.Query.Length == 0 && url.Fragment.Length == 0))
        {
            yield return new ValidationResult(
                $"Alerter:PublicUrl ('{PublicUrl}') must be an absolute http or https address without query, such as https://sentinel.example.com.",
                [nameof(PublicUrl)]);
        }

        if (CheckingWatchIntervalSeconds >= NotCheckingAfterSeconds)
        {
            yield return new ValidationResult(
                $"Alerter:CheckingWatchIntervalSeconds ({CheckingWatchIntervalSeconds}) must be less than Alerter:NotCheckingAfterSeconds ({NotCheckingAfterSeconds}), or an outage is seen late.",
                [nameof(CheckingWatchIntervalSeconds)]);
        }

        if (RegionWatchIntervalSeconds >= RegionLostAfterSeconds)
        {
            yield return new ValidationResult(
                $"Alerter:RegionWatchIntervalSeconds ({RegionWatchIntervalSeconds}) must be less than Alerter:RegionLostAfterSeconds ({RegionLostAfterSeconds}), or a lost region is seen late.",
                [nameof(RegionWatchIntervalSeconds)]);
        }
    }
}
