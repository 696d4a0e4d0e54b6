using Microsoft.Extensions.Options;
using Prometheus;
using Sentinel.Channels;
using Sentinel.Data;

namespace Sentinel.Alerter.Deliveries;

/// <summary>
/// Sends one delivery to its channel, retrying transient failures with backoff (or the service's Retry-After)
/// until <see cref="AlerterOptions.RetryForMinutes"/> after it was created, and records every attempt.
/// </summary>
public sealed class DeliveryRunner
{
    private static readonly Counter Notifications = Metrics.CreateCounter(
        "sentinel_notifications_total", "Notifications finished, by channel type and outcome (sent, failed).", "channel_type", "outcome");

    private static readonly Histogram DeliveryLatency = Metrics.CreateHistogram(
        "sentinel_notification_delivery_seconds", "From the check that caused a notice to the channel accepting it.",
        new HistogramConfiguration { LabelNames = ["channel_type"], Buckets = [0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300] });

    private readonly DeliveryStore _store;
    private readonly NotificationPlanner _planner;
    private readonly Dictionary<string, IChannelSender> _senders;
    private readonly AlerterOptions _options;
    private readonly ILogger<DeliveryRunner> _logger;

    public DeliveryRunner(DeliveryStore store, NotificationPlanner planner, IServiceProvider services, IOptions<AlerterOptions> options, ILogger<DeliveryRunner> logger)
    {
        _store = store;
        _planner = planner;
        _senders = ChannelKinds.All.ToDictionary(k => k.Name, k => (IChannelSender)services.GetRequiredService(k.SenderType));
        _options = options.Value;
        _logger = logger;
        foreach (var type in _senders.Keys)
        {
            // Every series exists from the start, so dashboards and alert rules see zeros rather than nothing.
            Notifications.WithLabels(type, "sent");
            Notifications.WithLabels(type, "failed");
            DeliveryLatency.WithLabels(type);
        }
    }

    /// <summary>
    /// Records a delivery of <paramref name="notification"/> per channel in the caller's open transaction on
    /// <paramref name="db"/> (the one that recorded what it reports: an outage, a flapping time), commits, and starts
    /// them without waiting: recorded exactly when what they report is, by whichever alerter recorded it.
    /// </summary>
    public async Task<List<Task>> CommitAndStartAsync(
        SentinelDbContext db, Guid transitionId, NotificationKind kind, IEnumerable<AlertChannel> channels, Notification notification,
        CancellationToken cancellationToken, Guid? monitorId = null)
    {
        var now = DateTime.UtcNow;
        var deliveries = channels.Select(c => DeliveryStore.Pending(transitionId, kind, c, now, monitorId)).ToList();
        db.NotificationDeliveries.AddRange(deliveries);
        await db.SaveChangesAsync(cancellationToken);
        await db.Database.CommitTransactionAsync(cancellationToken);
        return deliveries.Select(d => Task.Run(() => RunAsync(d, notification, cancellationToken), cancellationToken)).ToList();
    }

    /// <summary><see cref="CommitAndStartAsync"/> to the default channels, the ones that hear about Sentinel itself.</summary>
    public async Task<List<Task>> CommitAndTellDefaultChannelsAsync(
        SentinelDbContext db, Guid outageId, NotificationKind kind, Notification notification, CancellationToken cancellationToken)
    {
        var channels = await _planner.DefaultChannelsAsync(db, cancellationToken);
        if (channels.Count == 0)
        {
            _logger.LogWarning("No default alert channel: nobody hears '{Notice}'", notification.Title);
        }

        return await CommitAndStartAsync(db, outageId, kind, channels, notification, cancellationToken);
    }

    /// <summary>Runs a delivery until it is sent, has failed for good, or another alerter holds it.</summary>
    public async Task RunAsync(NotificationDelivery delivery, Notification notification, CancellationToken cancellationToken)
    {
        var lease = TimeSpan.FromSeconds(_options.AttemptTimeoutSeconds + 30);
        var deadline = delivery.CreatedAt.AddMinutes(_options.RetryForMinutes);
        notification = notification with { TransitionId = delivery.TransitionId, DeliveryId = delivery.Id };
        while (await _store.TryClaimAsync(delivery.Id, lease, cancellationToken))
        {
            var channel = await _planner.ChannelAsync(delivery.ChannelId, cancellationToken);
            try
            {
                if (channel is null)
                {
                    throw new DeliveryFailedException("the channel was deleted", transient: false);
                }

                await SendOnceAsync(channel, notification, cancellationToken);
                await _store.MarkSentAsync(delivery.Id, cancellationToken);
                Notifications.WithLabels(delivery.ChannelType, "sent").Inc();
                DeliveryLatency.WithLabels(delivery.ChannelType).Observe(Math.Max(0, (DateTime.UtcNow - notification.ChangedAt).TotalSeconds));
                return;
            }
            catch (DeliveryFailedException ex)
            {
                var attempts = delivery.Attempts + 1;
                var wait = ex.RetryAfter ?? TimeSpan.FromSeconds(Math.Min(60, Math.Pow(2, attempts - 1)));
                if (!ex.Transient || DateTime.UtcNow + wait > deadline)
                {
                    _logger.LogWarning("Notification {Delivery} to {ChannelType} channel '{Channel}' failed: {Error}",
                        delivery.Id, delivery.ChannelType, delivery.ChannelName, ex.Message);
                    await _store.MarkFailedAsync(delivery.Id, ex.Message, cancellationToken);
                    Notifications.WithLabels(delivery.ChannelType, "failed").Inc();
                    return;
                }

                await _store.MarkRetryAsync(delivery.Id, ex.Message, DateTime.UtcNow + wait, cancellationToken);
                delivery.Attempts = attempts;
                // A little past the due time: timers may fire a hair early against the wall clock the claim uses.
                await Task.Delay(wait + TimeSpan.FromMilliseconds(50), cancellationToken);
            }
        }
    }

    /// <summary>
    /// One send with the attempt timeout; a timeout counts as transient. Whatever else goes wrong ends as a
    /// <see cref="DeliveryFailedException"/> too, not transient: an exception the notifier did not expect (a
    /// recipient its library cannot read) would be thrown again by every attempt, and if it escaped, the attempt
    /// would stay "sending", unexplained, until its lease ran out, and then again.
    /// </summary>
    public async Task SendOnceAsync(AlertChannel channel, Notification notification, CancellationToken cancellationToken)
    {
        var sender = _senders[channel.Config.Kind.Name];

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(_options.AttemptTimeoutSeconds));
        try
        {
            await sender.SendAsync(notification, channel.Config, timeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DeliveryFailedException($"timed out after {_options.AttemptTimeoutSeconds}s", transient: true, inner: ex);
        }
        catch (Exception ex) when (ex is not (DeliveryFailedException or OperationCanceledException))
        {
            _logger.LogError(ex, "Sending to {ChannelType} channel '{Channel}' failed unexpectedly", channel.Type, channel.Name);
            throw new DeliveryFailedException($"unexpected error: {ex.Message}", transient: false, inner: ex);
        }
    }
}
