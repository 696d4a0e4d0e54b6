using Sentinel.Channels;

namespace Sentinel.Data;

/// <summary>Where notifications go. Written by the api, read by the alerter.</summary>
public sealed class AlertChannel
{
    public Guid Id { get; set; }
    public required string Name { get; set; }

    /// <summary>The kind's name (<see cref="ChannelKinds"/>): <c>slack</c>, <c>email</c>, …; always <see cref="Config"/>'s kind.</summary>
    public required string Type { get; set; }

    /// <summary>The kind's own settings (<see cref="ChannelSettings"/>), stored with its type (<see cref="ChannelSettingsJson"/>).</summary>
    public required ChannelSettings Config { get; set; }

    /// <summary>Applies to every monitor, in addition to the monitor's own channels.</summary>
    public bool IsDefault { get; set; }

    /// <summary>Also notify when a monitor becomes degraded (and back); off, a degraded monitor counts as up here.</summary>
    public bool NotifyDegraded { get; set; }

    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    /// <summary>
    /// The <c>source</c> of the apply that created or last took over this object (docs/as-code.md); null when made by
    /// hand. Only that source's apply with prune deletes it.
    /// </summary>
    public string? Source { get; set; }
}
