using Sentinel.Data;

namespace Sentinel.Api.Escalation;

/// <summary>An escalation policy as the api shows it.</summary>
public sealed record EscalationPolicyResponse(
    Guid Id, string Name, string? Description, IReadOnlyList<EscalationStepResponse> Steps, IReadOnlyList<string> Tags, DateTime CreatedAt, DateTime UpdatedAt)
{
    /// <summary>The apply that manages it (its <c>source</c>, docs/as-code.md): the next apply from there overwrites hand edits. Null when made by hand.</summary>
    public string? Source { get; init; }

    public static EscalationPolicyResponse From(EscalationPolicy p) => new(
        p.Id, p.Name, p.Description, p.Steps.Select(s => new EscalationStepResponse(s.DelayMinutes, s.ChannelIds)).ToList(), p.Tags, p.CreatedAt, p.UpdatedAt)
    {
        Source = p.Source,
    };
}

public sealed record EscalationStepResponse(int DelayMinutes, IReadOnlyList<Guid> ChannelIds);
