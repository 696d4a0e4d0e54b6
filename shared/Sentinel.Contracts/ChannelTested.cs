namespace Sentinel.Contracts;

/// <summary>The outcome of a <see cref="TestChannel"/>.</summary>
public sealed record ChannelTested
{
    /// <summary>The channel tested.</summary>
    public required Guid ChannelId { get; init; }

    /// <summary>Whether the channel's service accepted the message.</summary>
    public required bool Succeeded { get; init; }

    /// <summary>Why it did not; null on success.</summary>
    public string? Error { get; init; }
}
