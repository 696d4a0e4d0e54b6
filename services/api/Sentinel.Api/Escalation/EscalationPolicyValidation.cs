using Sentinel.Api.Monitors;
using Sentinel.Data;

namespace Sentinel.Api.Escalation;

/// <summary>Turns a request into an escalation policy, or into what is wrong with it, field by field.</summary>
public static class EscalationPolicyValidation
{
    public const int MaxNameLength = 200;
    public const int MaxDescriptionLength = 2000;
    public const int MaxSteps = 10;

    /// <summary>A week: an outage nobody acknowledged in a week needs no further step.</summary>
    public const int MaxDelayMinutes = 10_080;

    /// <summary>
    /// Validates <paramref name="request"/> onto <paramref name="policy"/>: channel ids must be in
    /// <paramref name="knownChannels"/>, the name not in <paramref name="takenNames"/> (other policies'). Writes the
    /// policy only when all holds.
    /// </summary>
    public static Dictionary<string, string[]> Apply(
        EscalationPolicyRequest request, EscalationPolicy policy, IReadOnlySet<Guid> knownChannels, IReadOnlySet<string> takenNames)
    {
        var errors = new Dictionary<string, string[]>();
        void Fail(string field, string message) => errors.TryAdd(field, [message]);

        var name = request.Name?.Trim();
        if (string.IsNullOrEmpty(name) || name.Length > MaxNameLength)
        {
            Fail("name", $"A name of 1 to {MaxNameLength} characters is required.");
        }
        else if (takenNames.Contains(name))
        {
            Fail("name", $"Another escalation policy is named '{name}'.");
        }

        var description = string.IsNullOrWhiteSpace(request.Description) ? null : request.Description.Trim();
        if (description is { Length: > MaxDescriptionLength })
        {
            Fail("description", $"At most {MaxDescriptionLength} characters.");
        }

        var steps = request.Steps ?? [];
        if (steps.Count is 0 or > MaxSteps)
        {
            Fail("steps", $"A policy has 1 to {MaxSteps} steps.");
        }

        for (var i = 0; i < steps.Count && i < MaxSteps; i++)
        {
            var step = steps[i];
            if (step is null)
            {
                Fail($"steps[{i}]", "A step is an object with delayMinutes and channelIds.");
                continue;
            }

            if (step.DelayMinutes is not (>= 0 and <= MaxDelayMinutes))
            {
                Fail($"steps[{i}].delayMinutes", $"Minutes after the monitor went down, 0 to {MaxDelayMinutes} (a week).");
            }
            else if (i > 0 && steps[i - 1]?.DelayMinutes is { } previous && step.DelayMinutes <= previous)
            {
                Fail($"steps[{i}].delayMinutes", $"Must be later than step {i}'s {previous} minutes: steps go in the order they are due.");
            }

            var channels = step.ChannelIds ?? [];
            if (channels.Count is 0 or > MonitorValidation.MaxChannels)
            {
                Fail($"steps[{i}].channelIds", $"A step tells 1 to {MonitorValidation.MaxChannels} channels.");
            }
            else if (channels.Where(c => !knownChannels.Contains(c)).Select(c => (Guid?)c).FirstOrDefault() is { } missing)
            {
                Fail($"steps[{i}].channelIds", $"No alert channel has id {missing}.");
            }
        }

        var tags = request.Tags ?? [];
        if (tags.Count > MonitorValidation.MaxTags)
        {
            Fail("tags", $"At most {MonitorValidation.MaxTags} tags.");
        }
        else if (tags.FirstOrDefault(t => !MonitorValidation.IsTag(t)) is { } badTag)
        {
            Fail("tags", $"'{badTag}' is not a tag: 1 to {MonitorValidation.MaxTagLength} characters of letters, digits and - _ . : /");
        }

        if (errors.Count == 0)
        {
            policy.Name = name!;
            policy.Description = description;
            policy.Steps = steps.Select(s => new EscalationStep(s.DelayMinutes!.Value, s.ChannelIds!.Distinct().ToList())).ToList();
            // Lower-case, as a monitor's tags are stored, so a tag names what it names whatever its case.
            policy.Tags = tags.Select(t => t.ToLowerInvariant()).Distinct().Order().ToList();
        }

        return errors;
    }
}
