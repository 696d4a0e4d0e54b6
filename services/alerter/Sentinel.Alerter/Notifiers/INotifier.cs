using Sentinel.Data;

namespace Sentinel.Alerter.Notifiers;

/// <summary>Sends a notice through one kind of channel.</summary>
public interface INotifier
{
    /// <summary>The channel type it serves: <c>slack</c>, <c>discord</c>, <c>email</c> or <c>webhook</c>.</summary>
    string Type { get; }

    /// <summary>Sends once. Throws <see cref="DeliveryFailedException"/> saying whether trying again may help.</summary>
    Task SendAsync(Notification notification, ChannelConfig config, CancellationToken cancellationToken);
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
