using Sentinel.Contracts;

namespace Sentinel.Channels;

/// <summary>
/// What a notice says, whatever the channel: about a monitor, about Sentinel itself (not checking, a region lost), or
/// about a maintenance window starting or ending (then <see cref="MonitorName"/> is the window's name).
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

    /// <summary>
    /// The state the monitor moved to; null on notices not about a monitor's change. An UP can report a monitor now
    /// <see cref="MonitorState.Degraded"/>: a channel that is not told of degraded counts it as up.
    /// </summary>
    public MonitorState? State { get; init; }

    /// <summary>
    /// For a monitor checked from several regions, what each saw at the check that caused the notice (a null status:
    /// the region had not answered); empty for a monitor checked from one.
    /// </summary>
    public IReadOnlyList<RegionResult> Regions { get; init; } = [];

    /// <summary>With <see cref="Regions"/>: how many of them must fail for the monitor to be down.</summary>
    public int? Quorum { get; init; }

    /// <summary>On a region's notices (<see cref="IsAboutRegion"/>): the region lost, or checking again.</summary>
    public string? Region { get; init; }

    /// <summary>The monitor's tags (lower case, sorted); empty on notices not about one monitor.</summary>
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>On Sentinel's own notices: monitors overdue when it stopped checking.</summary>
    public int? OverdueMonitors { get; init; }

    /// <summary>On maintenance notices: the occurrence's start and end (UTC) and what it covers, in words.</summary>
    public MaintenanceFacts? Maintenance { get; init; }

    /// <summary>On flapping notices: since when, the rule it broke, and once settled, when and in which state.</summary>
    public FlappingFacts? Flapping { get; init; }

    /// <summary>
    /// On DOWN, reminder and escalation notices, when the alerter knows the api's public address: the signed link
    /// that acknowledges this outage in one click (Sentinel.Data's <c>AcknowledgeTokens</c>).
    /// </summary>
    public string? AcknowledgeUrl { get; init; }

    /// <summary>On an escalation notice: the step (1 for the first) and the minutes of outage after which it is due.</summary>
    public (int Number, int DelayMinutes)? EscalationStep { get; init; }

    /// <summary>A notice that a maintenance window started or ended.</summary>
    public bool IsAboutMaintenance => Kind is NotificationKind.MaintenanceStarted or NotificationKind.MaintenanceEnded;

    /// <summary>A notice about Sentinel itself (not checking, a region lost, and their ends), not about one monitor.</summary>
    public bool IsAboutSentinel => Kind is NotificationKind.NotChecking or NotificationKind.CheckingAgain || IsAboutRegion;

    /// <summary>A notice that a region's checkers all fell silent, or that one is heard again.</summary>
    public bool IsAboutRegion => Kind is NotificationKind.RegionLost or NotificationKind.RegionBack;

    public bool IsDown => Kind is NotificationKind.Down or NotificationKind.Reminder or NotificationKind.NotChecking or NotificationKind.Escalation
        or NotificationKind.RegionLost
        || (Kind == NotificationKind.FlappingSettled && Flapping?.SettledState == MonitorState.Down);

    /// <summary>Working but impaired: a DEGRADED notice, or a flapping monitor that settled degraded.</summary>
    public bool IsDegraded => Kind == NotificationKind.Degraded
        || (Kind == NotificationKind.FlappingSettled && Flapping?.SettledState == MonitorState.Degraded);

    /// <summary>The notice's colour as channels with one show it: red for down, amber for degraded, green otherwise.</summary>
    public string Colour => IsDown ? "#d93f0b" : IsDegraded ? "#e3a008" : "#2eb67d";

    /// <summary>
    /// <see cref="IncidentKey"/> as paging services receive it: <c>sentinel-&lt;id&gt;</c>, or <c>sentinel-test</c> for a
    /// channel test, so repeated tests update one test incident rather than opening one each.
    /// </summary>
    public string IncidentName => IncidentKey is { } key ? $"sentinel-{key}" : "sentinel-test";

    /// <summary>
    /// DOWN, UP, DEGRADED, STILL DOWN, ESCALATED, NOT CHECKING, CHECKING AGAIN, REGION LOST, REGION BACK, MAINTENANCE
    /// STARTED or ENDED, FLAPPING, SETTLED UP, DEGRADED or DOWN: the word a person filters on.
    /// </summary>
    public string Headline => (IsTest ? "TEST " : "") + Kind switch
    {
        NotificationKind.Down => "DOWN",
        NotificationKind.Up => "UP",
        NotificationKind.Degraded => "DEGRADED",
        NotificationKind.RegionLost => "REGION LOST",
        NotificationKind.RegionBack => "REGION BACK",
        NotificationKind.NotChecking => "NOT CHECKING",
        NotificationKind.CheckingAgain => "CHECKING AGAIN",
        NotificationKind.MaintenanceStarted => "MAINTENANCE STARTED",
        NotificationKind.MaintenanceEnded => "MAINTENANCE ENDED",
        NotificationKind.FlappingStarted => "FLAPPING",
        NotificationKind.FlappingSettled => IsDown ? "SETTLED DOWN" : IsDegraded ? "SETTLED DEGRADED" : "SETTLED UP",
        NotificationKind.Escalation => "ESCALATED",
        _ => "STILL DOWN",
    };

    public string Title => Kind switch
    {
        NotificationKind.NotChecking => $"{(IsTest ? "TEST " : "")}Sentinel is not checking",
        NotificationKind.CheckingAgain => $"{(IsTest ? "TEST " : "")}Sentinel is checking again",
        NotificationKind.RegionLost => $"{(IsTest ? "TEST " : "")}Region {Region} lost",
        NotificationKind.RegionBack => $"{(IsTest ? "TEST " : "")}Region {Region} is checking again",
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

    /// <summary>The facts as "Label: value" lines, for channels that show plain text.</summary>
    public string FactLines() => string.Join("\n", Facts().Select(f => $"{f.Label}: {f.Value}"));

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

        if (Flapping is { } flapping)
        {
            yield return ("Flapping", $"{flapping.Changes} changes within {flapping.Minutes} min");
            yield return ("Flapping since", Time(flapping.Since));
            if (flapping.SettledAt is { } settledAt)
            {
                yield return ("Settled", $"{(IsDown ? "down" : IsDegraded ? "degraded" : "up")}, after {flapping.Minutes} min without a change");
                yield return ("Flapped for", Duration(settledAt - flapping.Since));
                if (DownSince is { } downSince)
                {
                    yield return ("Down since", Time(downSince));
                }
            }

            yield return ("Alerts", Kind == NotificationKind.FlappingStarted
                ? $"none per change until it settles ({flapping.Minutes} min without a change)"
                : IsDown ? "this is the outage's down notice; its recovery is told" : "one per change again");
            yield break;
        }

        if (IsAboutRegion)
        {
            if (DownFor is { } silent)
            {
                yield return (IsDown ? "Silent for" : "Was silent for", Duration(silent));
            }

            if (DownSince is { } lastHeard)
            {
                yield return ("Last checker heard", Time(lastHeard));
            }

            yield return ("Monitors", IsDown
                ? $"results from {Region} are unknown; no monitor changes state for its silence"
                : $"checked from {Region} again");
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

        if (Kind == NotificationKind.Up && State == MonitorState.Degraded)
        {
            yield return ("State", "degraded: working, but impaired");
        }

        foreach (var fact in RegionFacts())
        {
            yield return fact;
        }

        yield return ("Latency", $"{LatencyMs:0.#} ms");
        if (DownSince is { } since)
        {
            yield return ("Down since", Time(since));
        }

        if (DownFor is { } downFor)
        {
            yield return (IsDown ? "Down for" : "Was down for", Duration(downFor));
        }

        if (EscalationStep is { } step)
        {
            yield return ("Escalation", $"step {step.Number}: not acknowledged {(step.DelayMinutes == 0 ? "when it went down" : $"after {step.DelayMinutes} min")}");
        }

        if (AcknowledgeUrl is { } acknowledge)
        {
            yield return ("Acknowledge", acknowledge);
        }
    }

    /// <summary>
    /// For a monitor checked from several regions: how many failed against its quorum, what each failing region saw,
    /// which did not answer, and how the others fared.
    /// </summary>
    private IEnumerable<(string Label, string Value)> RegionFacts()
    {
        if (Regions.Count == 0)
        {
            yield break;
        }

        var failing = Regions.Where(r => r.Status == CheckStatus.Down).ToList();
        var unknown = Regions.Where(r => r.Status is null).Select(r => r.Region).ToList();
        var up = Regions.Where(r => r.Status == CheckStatus.Up).ToList();
        yield return ("Regions", $"{failing.Count} of {Regions.Count} regions failing{(Quorum is { } quorum ? $" (quorum {quorum})" : "")}"
            + (unknown.Count > 0 ? $", {unknown.Count} unknown" : ""));
        foreach (var region in failing)
        {
            yield return ($"Failed in {region.Region}", region.Error ?? (region.StatusCode is { } code ? $"status code {code}" : "check failed"));
        }

        if (unknown.Count > 0)
        {
            yield return ("Unknown", $"{string.Join(", ", unknown)}: no answer by the deadline");
        }

        if (up.Count > 0)
        {
            yield return ("Up in", string.Join(", ", up.Select(r => $"{r.Region} ({r.LatencyMs:0.#} ms)")));
        }
    }
}

/// <summary>What a flapping notice tells: the period's start, the changes counted within its minutes, and its end.</summary>
public sealed record FlappingFacts(DateTime Since, int Changes, int Minutes, DateTime? SettledAt, MonitorState? SettledState);

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

    /// <summary>A step of the monitor's escalation policy: the delivery's sequence is the step's index.</summary>
    Escalation = 8,

    /// <summary>A monitor began flapping (a flapping period); keyed by the period's id.</summary>
    FlappingStarted = 9,

    /// <summary>A flapping monitor settled; keyed by its flapping period's id.</summary>
    FlappingSettled = 10,

    /// <summary>
    /// A monitor became degraded (working, impaired); told only to channels with <c>NotifyDegraded</c>, which also hear
    /// it recover from there. A channel without it counts degraded as up.
    /// </summary>
    Degraded = 11,

    /// <summary>Sentinel itself: every checker of a region has been silent too long (a region outage).</summary>
    RegionLost = 12,

    /// <summary>Sentinel itself: a checker of a lost region is heard again; keyed by the region outage's id.</summary>
    RegionBack = 13,
}
