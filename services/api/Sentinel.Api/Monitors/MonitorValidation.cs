using System.Text.RegularExpressions;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Api.Regions;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Monitors;

/// <summary>The rules of a monitor's own fields; its check spec validates itself (<see cref="CheckSpec.Resolve"/>).</summary>
public static partial class MonitorValidation
{
    public const int DefaultIntervalSeconds = 60;
    public const int MaxNameLength = 200;
    public const int MaxThreshold = 100;
    public const int MaxChannels = 20;
    public const int MaxTags = 20;

    /// <summary>Most regions one monitor is checked from.</summary>
    public const int MaxRegions = 16;

    /// <summary>The largest <c>degradedAboveMs</c>: an hour, far beyond any check's timeout.</summary>
    public const int MaxDegradedAboveMs = 3_600_000;
    public const int MaxReminderIntervalMinutes = 10_080;
    public const int MaxTagLength = 64;
    public const int MaxDependencies = 20;
    public const int MaxFlappingChanges = 100;
    public const int MaxFlappingMinutes = 1440;

    /// <summary>What a tag is: 1 to <see cref="MaxTagLength"/> letters, digits and <c>- _ . : /</c>.</summary>
    public const string TagPattern = "^[A-Za-z0-9_.:/-]{1,64}$";

    /// <summary>
    /// Validates <paramref name="request"/> with its <paramref name="spec"/> (null when the document named no usable
    /// kind: its error is already in <paramref name="errors"/>) and, when all is valid, writes both onto
    /// <paramref name="monitor"/>. <paramref name="stored"/> is the spec saved before, whose secrets a spec sent back
    /// masked keeps; null for a new monitor. <paramref name="regions"/> are the declared ones, which the monitor's must be.
    /// </summary>
    public static void Apply(
        MonitorRequest request, CheckSpec? spec, CheckSpec? stored, MonitorDefinition monitor, DeclaredRegions regions, CheckErrors errors)
    {
        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("name", "A name is required.");
        }
        else if (name.Length > MaxNameLength)
        {
            errors.Add("name", $"The name is longer than {MaxNameLength} characters.");
        }

        var interval = request.IntervalSeconds ?? DefaultIntervalSeconds;
        if (interval is < 1 or > CheckContext.MaxIntervalSeconds)
        {
            errors.Add("intervalSeconds", $"Must be between 1 and {CheckContext.MaxIntervalSeconds} seconds (a day).");
        }

        // The spec's limits that depend on the interval are judged against a valid one only.
        var resolved = spec?.Resolve(new CheckContext(errors.Has("intervalSeconds") ? CheckContext.MaxIntervalSeconds : interval), stored, errors);

        var failureThreshold = request.FailureThreshold ?? 1;
        if (failureThreshold is < 1 or > MaxThreshold)
        {
            errors.Add("failureThreshold", $"Must be between 1 and {MaxThreshold}.");
        }

        var successThreshold = request.SuccessThreshold ?? 1;
        if (successThreshold is < 1 or > MaxThreshold)
        {
            errors.Add("successThreshold", $"Must be between 1 and {MaxThreshold}.");
        }

        var channelIds = request.ChannelIds ?? [];
        if (channelIds.Count > MaxChannels)
        {
            errors.Add("channelIds", $"At most {MaxChannels} channels.");
        }

        var tags = request.Tags ?? [];
        if (tags.Count > MaxTags)
        {
            errors.Add("tags", $"At most {MaxTags} tags.");
        }
        else if (tags.FirstOrDefault(t => !IsTag(t)) is { } badTag)
        {
            errors.Add("tags", $"'{badTag}' is not a tag: 1 to {MaxTagLength} characters of letters, digits and - _ . : /");
        }

        if (request.ReminderIntervalMinutes is < 1 or > MaxReminderIntervalMinutes)
        {
            errors.Add("reminderIntervalMinutes", $"Must be between 1 and {MaxReminderIntervalMinutes} minutes (a week), or null for no reminders.");
        }

        var dependsOn = request.DependsOn ?? [];
        if (dependsOn.Count > MaxDependencies)
        {
            errors.Add("dependsOn", $"At most {MaxDependencies} monitors.");
        }

        var flappingChanges = request.FlappingChanges ?? MonitorDefinition.DefaultFlappingChanges;
        if (flappingChanges is < 0 or > MaxFlappingChanges)
        {
            errors.Add("flappingChanges", $"Must be between 0 (never flapping) and {MaxFlappingChanges}.");
        }

        var flappingMinutes = request.FlappingMinutes ?? MonitorDefinition.DefaultFlappingMinutes;
        if (flappingMinutes is < 1 or > MaxFlappingMinutes)
        {
            errors.Add("flappingMinutes", $"Must be between 1 and {MaxFlappingMinutes} minutes (a day).");
        }

        var (checkedFrom, quorum) = ValidateRegions(request, spec is HeartbeatCheck, regions, errors);

        if (request.DegradedAboveMs is < 1 or > MaxDegradedAboveMs)
        {
            errors.Add("degradedAboveMs", $"Must be between 1 and {MaxDegradedAboveMs} milliseconds (an hour), or null for never.");
        }

        if (errors.Count > 0 || resolved is null)
        {
            return;
        }

        monitor.Name = name!;
        // A heartbeat keeps its token across updates; turning into another kind drops it, so the old ping URL stops working.
        var heartbeat = resolved is HeartbeatCheck;
        monitor.HeartbeatToken = heartbeat ? monitor.HeartbeatToken ?? HeartbeatTokens.Create() : null;
        monitor.LastPingAt = heartbeat ? monitor.LastPingAt : null;
        monitor.Check = resolved;
        monitor.IntervalSeconds = interval;
        monitor.Enabled = request.Enabled ?? true;
        monitor.FailureThreshold = failureThreshold;
        monitor.SuccessThreshold = successThreshold;
        monitor.ChannelIds = channelIds.Distinct().ToList();
        monitor.Tags = tags.Select(t => t.ToLowerInvariant()).Distinct().Order().ToList();
        monitor.SendOnResolved = request.SendOnResolved ?? true;
        monitor.ReminderIntervalMinutes = request.ReminderIntervalMinutes;
        monitor.DependsOn = dependsOn.Distinct().ToList();
        monitor.FlappingChanges = flappingChanges;
        monitor.FlappingMinutes = flappingMinutes;
        monitor.EscalationPolicyId = request.EscalationPolicyId;
        // A public monitor keeps its id across updates, so its badges keep working; private, it has none to guess.
        monitor.PublicId = request.Public == true ? monitor.PublicId ?? MonitorPublicIds.Create() : null;
        monitor.Regions = checkedFrom;
        monitor.Quorum = quorum;
        monitor.DegradedAboveMs = request.DegradedAboveMs;
    }

    /// <summary>
    /// The regions the monitor is checked from, resolved (omitted: the <paramref name="declared"/> default set; a
    /// heartbeat: none), and its quorum (omitted: a majority). A heartbeat is pinged from outside, so naming regions or
    /// a quorum for one is a mistake, said as such.
    /// </summary>
    private static (List<string> Regions, int Quorum) ValidateRegions(MonitorRequest request, bool heartbeat, DeclaredRegions declared, CheckErrors errors)
    {
        if (heartbeat)
        {
            if (request.Regions is { Count: > 0 })
            {
                errors.Add("regions", "A heartbeat monitor is pinged from outside, not checked from regions: leave regions out.");
            }

            if (request.Quorum is not null)
            {
                errors.Add("quorum", "A heartbeat monitor is pinged from outside, not checked from regions: leave quorum out.");
            }

            if (request.DegradedAboveMs is not null)
            {
                errors.Add("degradedAboveMs", "A heartbeat monitor has no latency: leave degradedAboveMs out.");
            }

            // Stored so, the quorum rule holds for the none it has: a heartbeat's state is its pings'.
            return ([], 1);
        }

        var regions = request.Regions ?? declared.DefaultSet.ToList();
        if (request.Regions is null && regions.Count == 0)
        {
            errors.Add("regions", "No region is in the default set: name the regions to check from.");
            return (regions, 1);
        }

        if (regions.Count == 0)
        {
            errors.Add("regions", "At least one region; leave regions out for the default set.");
            return (regions, 1);
        }

        if (regions.Count > MaxRegions)
        {
            errors.Add("regions", $"At most {MaxRegions} regions.");
            return (regions, 1);
        }

        if (regions.FirstOrDefault(r => !RegionNames.IsValid(r)) is { } invalid)
        {
            errors.Add("regions", $"'{invalid}' is not a region name: {RegionNames.Rule}.");
            return (regions, 1);
        }

        if (regions.GroupBy(r => r).FirstOrDefault(g => g.Count() > 1) is { } twice)
        {
            errors.Add("regions", $"'{twice.Key}' is listed twice.");
            return (regions, 1);
        }

        var unknown = regions.Where(r => !declared.Contains(r)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("regions", $"No region is named {string.Join(", ", unknown.Select(r => $"'{r}'"))}; "
                                  + $"the regions are {string.Join(", ", declared.Names)} (POST /api/v1/regions declares one).");
            return (regions, 1);
        }

        var quorum = request.Quorum ?? Majority(regions.Count);
        if (quorum < 1 || quorum > regions.Count)
        {
            errors.Add("quorum", regions.Count == 1
                ? "Must be 1: the monitor is checked from one region."
                : $"Must be between 1 and {regions.Count}, the number of regions the monitor is checked from.");
        }

        return (regions, quorum);
    }

    /// <summary>The quorum of a monitor that names none: more than half its regions.</summary>
    public static int Majority(int regionCount) => regionCount / 2 + 1;

    // The whole tag must match: '$' also matches before a final newline.
    public static bool IsTag(string? tag) => tag is not null && Tag().Match(tag) is { Success: true } match && match.Length == tag.Length;

    [GeneratedRegex(TagPattern)]
    private static partial Regex Tag();
}
