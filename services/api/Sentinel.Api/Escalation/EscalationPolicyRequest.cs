using System.ComponentModel.DataAnnotations;
using Sentinel.Api.Monitors;
using Sentinel.Checks;

namespace Sentinel.Api.Escalation;

/// <summary>
/// The body of POST and PUT /api/v1/escalation-policies: ordered steps, each "after delayMinutes still down and not
/// acknowledged, notify these channels", used by monitors that name the policy or carry one of its tags.
/// </summary>
/// <remarks>
/// The validation attributes state <see cref="EscalationPolicyValidation"/>'s limits for the OpenAPI document; the
/// rules, with their messages, are <see cref="EscalationPolicyValidation.Apply"/>.
/// </remarks>
public sealed record EscalationPolicyRequest
{
    [MaxLength(EscalationPolicyValidation.MaxNameLength)]
    public string? Name { get; init; }

    [MaxLength(EscalationPolicyValidation.MaxDescriptionLength)]
    public string? Description { get; init; }

    /// <summary>1 to 10 steps, their delays strictly increasing; a step with delay 0 goes out with the DOWN notice.</summary>
    [MaxLength(EscalationPolicyValidation.MaxSteps)]
    public List<EscalationStepRequest>? Steps { get; init; }

    /// <summary>Monitors carrying any of these tags use the policy unless they name one themselves.</summary>
    [MaxLength(MonitorValidation.MaxTags)]
    [Items(MaxLength = MonitorValidation.MaxTagLength, Pattern = MonitorValidation.TagPattern)]
    public List<string>? Tags { get; init; }
}

/// <summary>One step: after <see cref="DelayMinutes"/> of an outage nobody acknowledged, <see cref="ChannelIds"/> are told.</summary>
public sealed record EscalationStepRequest
{
    /// <summary>Minutes after the monitor went down.</summary>
    [Range(0, EscalationPolicyValidation.MaxDelayMinutes)]
    public int? DelayMinutes { get; init; }

    [MaxLength(MonitorValidation.MaxChannels)]
    public List<Guid>? ChannelIds { get; init; }
}
