using System.Text.RegularExpressions;
using Sentinel.Checks;
using Sentinel.Checks.Kinds;
using Sentinel.Data;

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
    /// masked keeps; null for a new monitor.
    /// </summary>
    public static void Apply(MonitorRequest request, CheckSpec? spec, CheckSpec? stored, MonitorDefinition monitor, CheckErrors errors)
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
    }

    // The whole tag must match: '$' also matches before a final newline.
    public static bool IsTag(string? tag) => tag is not null && Tag().Match(tag) is { Success: true } match && match.Length == tag.Length;

    [GeneratedRegex(TagPattern)]
    private static partial Regex Tag();
}
