using Sentinel.Channels;

namespace Sentinel.Data;

public enum DeliveryState
{
    /// <summary>Not sent yet; due at <see cref="NotificationDelivery.NextAttemptAt"/>.</summary>
    Pending = 0,

    /// <summary>An alerter holds it until <see cref="NotificationDelivery.LeaseUntil"/>.</summary>
    Sending = 1,

    Sent = 2,
    Failed = 3,

    /// <summary>
    /// A child's notice kept back while a monitor it depends on is down (<see cref="NotificationDelivery.Reason"/> says
    /// which): sent once the child is seen still down after the parent recovered, otherwise withheld.
    /// </summary>
    Held = 4,

    /// <summary>Never sent, for the <see cref="NotificationDelivery.Reason"/> given: the child recovered while its parent was down.</summary>
    Withheld = 5,
}

/// <summary>
/// One notification to one channel. Unique on (transition, channel, kind, sequence): a redelivered transition or a
/// second alerter finds the row already there and sends nothing twice. Written by the alerter.
/// </summary>
public sealed class NotificationDelivery
{
    public Guid Id { get; set; }
    /// <summary>
    /// The monitor's <see cref="StatusTransition"/>, for Sentinel's own notices its <see cref="CheckingOutage"/>, for a
    /// maintenance notice the occurrence (<see cref="MaintenanceSchedule.OccurrenceId"/>).
    /// </summary>
    public Guid TransitionId { get; set; }
    public Guid ChannelId { get; set; }

    /// <summary>
    /// 0 for the transition's own notice, n for the n-th reminder while the monitor stays down, the step's index for
    /// an <see cref="NotificationKind.Escalation"/>.
    /// </summary>
    public int Sequence { get; set; }

    /// <summary>Null for Sentinel's own notices (<see cref="NotificationKind.NotChecking"/>, <see cref="NotificationKind.CheckingAgain"/>) and maintenance notices.</summary>
    public Guid? MonitorId { get; set; }

    /// <summary>Part of the key: an outage's "not checking" and "checking again" notices share its id.</summary>
    public NotificationKind Kind { get; set; }

    /// <summary>Copied when the delivery is created, so the record survives the channel's deletion.</summary>
    public required string ChannelName { get; set; }
    public required string ChannelType { get; set; }

    public DeliveryState State { get; set; }
    public int Attempts { get; set; }
    public string? LastError { get; set; }

    /// <summary>Why a notice is <see cref="DeliveryState.Held"/> or was <see cref="DeliveryState.Withheld"/>, in words; null otherwise.</summary>
    public string? Reason { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime NextAttemptAt { get; set; }
    public DateTime? LeaseUntil { get; set; }
    public DateTime? SentAt { get; set; }
}
