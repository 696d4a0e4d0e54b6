namespace Sentinel.Contracts;

/// <summary>Send a test message to a channel now, once, and answer with <see cref="ChannelTested"/>.</summary>
public sealed record TestChannel
{
    /// <summary>The channel to test.</summary>
    public required Guid ChannelId { get; init; }
}
