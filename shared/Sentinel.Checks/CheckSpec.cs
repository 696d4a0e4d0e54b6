using System.Text.Json.Serialization;

namespace Sentinel.Checks;

/// <summary>
/// What one monitor checks and how, for one kind of check (<see cref="CheckKinds"/>). The api validates it, the
/// database stores it as it is (one jsonb column, <see cref="CheckSpecJson"/>), the scheduler forwards it untouched
/// in <c>RunCheck</c>, and the checker runs the probe for its kind. Properties are the fields of the api's monitor
/// document, named the same.
/// </summary>
public abstract record CheckSpec
{
    /// <summary>The registered kind of this spec.</summary>
    [JsonIgnore]
    public CheckKind Kind => CheckKinds.Of(GetType());

    /// <summary>
    /// Validates this spec as sent for a monitor checked every <paramref name="context"/>'s interval, adding each
    /// problem to <paramref name="errors"/> under its field name, and returns the spec to store: defaults filled in,
    /// values normalised, and secrets sent back masked replaced by those of <paramref name="stored"/>.
    /// </summary>
    public CheckSpec Resolve(CheckContext context, CheckSpec? stored, CheckErrors errors) =>
        ResolveOwn(context, stored?.GetType() == GetType() ? stored : null, errors);

    /// <summary>The kind's own rules; <paramref name="stored"/> is null or of this spec's type.</summary>
    protected abstract CheckSpec ResolveOwn(CheckContext context, CheckSpec? stored, CheckErrors errors);

    /// <summary>This spec as the api shows it: secrets masked (<see cref="SecretText.Mask"/>).</summary>
    public virtual CheckSpec Masked() => this;

    /// <summary>The target as people may see it (a password in it masked); null for kinds without a target.</summary>
    [JsonIgnore]
    public virtual string? DisplayUrl => null;
}

/// <summary>What a spec is validated against: the monitor's own settings that bound it.</summary>
/// <param name="IntervalSeconds">How often the monitor is checked (a heartbeat's period).</param>
public sealed record CheckContext(int IntervalSeconds)
{
    /// <summary>The longest interval a monitor may have, a day; so the longest a check may take.</summary>
    public const int MaxIntervalSeconds = 86_400;
}
