namespace Sentinel.Channels;

/// <summary>Sends a notice through one kind of channel (<see cref="ChannelKind.SenderType"/>).</summary>
public interface IChannelSender
{
    /// <summary>Sends once. Throws <see cref="DeliveryFailedException"/> saying whether trying again may help.</summary>
    Task SendAsync(Notification notification, ChannelSettings settings, CancellationToken cancellationToken);
}

/// <summary>A sender for the settings of its own kind.</summary>
public abstract class ChannelSender<TSettings> : IChannelSender where TSettings : ChannelSettings
{
    public Task SendAsync(Notification notification, ChannelSettings settings, CancellationToken cancellationToken) =>
        SendAsync(notification, (TSettings)settings, cancellationToken);

    protected abstract Task SendAsync(Notification notification, TSettings settings, CancellationToken cancellationToken);
}

/// <summary>A send that did not go through.</summary>
/// <param name="transient">Trying again later may succeed (timeout, 5xx, 429, connection failure).</param>
/// <param name="retryAfter">How long the service asked us to wait (429 Retry-After).</param>
public sealed class DeliveryFailedException(string message, bool transient, TimeSpan? retryAfter = null, Exception? inner = null)
    : Exception(message, inner)
{
    public bool Transient { get; } = transient;
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
