namespace Sentinel.Conditions;

/// <summary>A condition that does not parse; <see cref="Exception.Message"/> says what is wrong and where.</summary>
public sealed class ConditionException(string reason, int position)
    : Exception($"{reason} (at {position})")
{
    /// <summary>What is wrong, without the position.</summary>
    public string Reason { get; } = reason;

    /// <summary>Where, as a 1-based character position in the condition.</summary>
    public int Position { get; } = position;
}
