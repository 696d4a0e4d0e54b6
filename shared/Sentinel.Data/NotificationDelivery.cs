namespace Sentinel.Data;

public enum NotificationKind
{
    Down = 1,
    Up = 2,
    Reminder = 3,
}

public enum DeliveryState
{
    /// <summary>Not sent yet; due at <see cref="NotificationDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,

    /// <summary>An alerter holds it until <see cref="NotificationDelivery.LeaseUntil"/>.</summary>
    Sending = 1,

    Sent = 2,
    Failed = 3,
}

/// <summary>
/// One notification to one channel. Unique on (transition, channel, sequence): a redelivered transition or a
/// second alerter finds the row already there and sends nothing twice. Written by the alerter.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }
    public Guid TransitionId { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>0 for the transition's own notice, n for the n-th reminder while the monitor stays down.</summary>
    public int Sequence { get; set; }

    public Guid MonitorId { get; set; }
    public NotificationKind Kind { get; set; }

    /// <summary>Copied when the delivery is created, so the record survives the channel's deletion.</summary>
    public required string ChannelName { get; set; }
    public required string ChannelType { get; set; }

    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SentAt { get; set; }
}
