namespace Sentinel.Channels;

/// <summary>
/// What a notice says, whatever the channel: about a monitor, about Sentinel itself not checking, or about a maintenance
/// window starting or ending (then <see cref="MonitorName"/> is the window's name).
/// </summary>
public sealed record Notification
{
    public required NotificationKind Kind { get; init; }
    public required Guid MonitorId { get; init; }
    public required string MonitorName { get; init; }

    /// <summary>The monitor's target, any password in it masked; null for kinds without one (heartbeats).</summary>
    public required string? MonitorUrl { get; init; }

    /// <summary>When the check that caused this notice ran.</summary>
    public required DateTime ChangedAt { get; init; }

    public string? Error { get; init; }
    public int? StatusCode { get; init; }
    public double LatencyMs { get; init; }

    /// <summary>
    /// When the monitor went down: the down time itself, or, on recovery and reminders, the outage's start. On
    /// Sentinel's own notices: since when nothing has been recorded.
    /// </summary>
    public DateTime? DownSince { get; init; }

    /// <summary>A test message sent from the API, not a real transition.</summary>
    public bool IsTest { get; init; }

    /// <summary>The transition this notice reports; null on a channel test.</summary>
    public Guid? TransitionId { get; init; }

    /// <summary>
    /// The delivery this notice is: one per (transition, channel, reminder), the same on every attempt, so a
    /// receiver can drop a copy sent again after a crash. Null on a channel test, which is no delivery.
    /// </summary>
    public Guid? DeliveryId { get; init; }

    /// <summary>
    /// The outage this notice belongs to, the same on its DOWN, every STILL DOWN and its UP: the DOWN transition that
    /// opened it (for an UP or a reminder, the latest DOWN announced at or before it); on Sentinel's own notices, the
    /// checking outage; on maintenance notices, the occurrence. Paging services key their incident on it (PagerDuty's
    /// <c>dedup_key</c>, Opsgenie's <c>alias</c>, an Alertmanager label), so a retry, a reminder or a copy sent again
    /// updates the one incident and the UP closes it. Null on a channel test.
    /// </summary>
    public Guid? IncidentKey { get; init; }

    /// <summary>The monitor's tags (lower case, sorted); empty on notices not about one monitor.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>On Sentinel's own notices: monitors overdue when it stopped checking.</summary>
    public int? OverdueMonitors { get; init; }

    /// <summary>On maintenance notices: the occurrence's start and end (UTC) and what it covers, in words.</summary>
    public MaintenanceFacts? Maintenance { get; init; }

    /// <summary>A notice that a maintenance window started or ended.</summary>
    public bool IsAboutMaintenance => Kind is NotificationKind.MaintenanceStarted or NotificationKind.MaintenanceEnded;

    /// <summary>A notice about Sentinel itself (not checking, checking again), not about one monitor.</summary>
    public bool IsAboutSentinel => Kind is NotificationKind.NotChecking or NotificationKind.CheckingAgain;

    public bool IsDown => Kind is NotificationKind.Down or NotificationKind.Reminder or NotificationKind.NotChecking;

    /// <summary>
    /// <see cref="IncidentKey"/> as paging services receive it: <c>sentinel-&lt;id&gt;</c>, or <c>sentinel-test</c> for a
    /// channel test, so repeated tests update one test incident rather than opening one each.
    /// </summary>
    public string IncidentName => IncidentKey is { } key ? $"sentinel-{key}" : "sentinel-test";

    /// <summary>DOWN, UP, STILL DOWN, NOT CHECKING, CHECKING AGAIN, MAINTENANCE STARTED or ENDED: the word a person filters on.</summary>
    public string Headline => (IsTest ? "TEST " : "") + Kind switch
    {
        NotificationKind.Down => "DOWN",
        NotificationKind.Up => "UP",
        NotificationKind.NotChecking => "NOT CHECKING",
        NotificationKind.CheckingAgain => "CHECKING AGAIN",
        NotificationKind.MaintenanceStarted => "MAINTENANCE STARTED",
        NotificationKind.MaintenanceEnded => "MAINTENANCE ENDED",
        _ => "STILL DOWN",
    };

    public string Title => Kind switch
    {
        NotificationKind.NotChecking => $"{(IsTest ? "TEST " : "")}Sentinel is not checking",
        NotificationKind.CheckingAgain => $"{(IsTest ? "TEST " : "")}Sentinel is checking again",
        _ => $"{Headline}: {MonitorName}",
    };

    public TimeSpan? DownFor => DownSince is { } since && Kind != NotificationKind.Down ? ChangedAt - since : null;

    /// <summary>The cause in a few words: the error, or the status code when that is all there is.</summary>
    public string Detail => Error ?? (StatusCode is { } code ? $"status code {code}" : IsDown ? "check failed" : "check succeeded");

    public static string Duration(TimeSpan span) => span switch
    {
        { TotalDays: >= 1 } => $"{(int)span.TotalDays}d {span.Hours}h {span.Minutes}m",
        { TotalHours: >= 1 } => $"{(int)span.TotalHours}h {span.Minutes}m",
        { TotalMinutes: >= 1 } => $"{(int)span.TotalMinutes}m {span.Seconds}s",
        _ => $"{Math.Max(0, (int)span.TotalSeconds)}s",
    };

    public static string Time(DateTime utc) => utc.ToString("yyyy-MM-dd HH:mm:ss 'UTC'");

    /// <summary>The facts every channel shows, as label and value pairs.</summary>
    public IEnumerable<(string Label, string Value)> Facts()
    {
        if (MonitorUrl is not null)
        {
            yield return ("URL", MonitorUrl);
        }

        if (IsDown)
        {
            yield return ("Error", Detail);
        }

        if (StatusCode is { } code)
        {
            yield return ("Status code", code.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        if (Maintenance is { } window)
        {
            var started = Kind == NotificationKind.MaintenanceStarted;
            yield return (started ? "Started" : "Began", Time(window.Start));
            yield return (started ? "Ends" : "Ended", Time(window.End));
            yield return ("Covers", window.Covers);
            if (window.Description is { Length: > 0 } description)
            {
                yield return ("Description", description);
            }

            yield return ("Alerts", started
                ? "none for covered monitors until it ends; a monitor still changed then alerts once"
                : "back on; a covered monitor still changed since it started alerts once, at its next check");
            yield break;
        }

        if (IsAboutSentinel)
        {
            if (DownFor is { } quiet)
            {
                yield return (Kind == NotificationKind.NotChecking ? "Nothing recorded for" : "Was not checking for", Duration(quiet));
            }

            if (DownSince is { } lastRecorded)
            {
                yield return ("Nothing recorded since", Time(lastRecorded));
            }

            if (OverdueMonitors is { } overdue)
            {
                yield return ("Overdue monitors", overdue.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            yield break;
        }

        yield return ("Latency", $"{LatencyMs:0.#} ms");
        if (DownSince is { } since)
        {
            yield return ("Down since", Time(since));
        }

        if (DownFor is { } downFor)
        {
            yield return (Kind == NotificationKind.Up ? "Was down for" : "Down for", Duration(downFor));
        }
    }
}

/// <summary>What a maintenance notice tells of the window's occurrence.</summary>
public sealed record MaintenanceFacts(Guid WindowId, DateTime Start, DateTime End, string Covers, string? Description);

public enum NotificationKind
{
    Down = 1,
    Up = 2,
    Reminder = 3,

    /// <summary>Sentinel itself: monitors are due but no result has been recorded (a checking outage).</summary>
    NotChecking = 4,

    /// <summary>Sentinel itself: results are recorded again after a checking outage.</summary>
    CheckingAgain = 5,

    /// <summary>An occurrence of a maintenance window began; keyed by the occurrence's id.</summary>
    MaintenanceStarted = 6,

    /// <summary>An occurrence of a maintenance window ended; keyed by the occurrence's id.</summary>
    MaintenanceEnded = 7,
}
