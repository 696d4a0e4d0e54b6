namespace Sentinel.Data;

/// <summary>How an outage was acknowledged.</summary>
public enum AcknowledgementVia
{
    Api = 1,
    Dashboard = 2,

    /// <summary>The signed one-click link in a notice (<see cref="AcknowledgeTokens"/>).</summary>
    Link = 3,
}

/// <summary>
/// Someone has seen an outage: its DOWN transition (<see cref="TransitionId"/>, the key, so a second acknowledgement of
/// the same outage changes nothing) stops its reminders and further escalation steps. Written by the api, read by the alerter.
/// </summary>
public sealed class Acknowledgement
{
    public Guid TransitionId { get; set; }
    public Guid MonitorId { get; set; }
    public DateTime At { get; set; }

    /// <summary>The user's or API key's name; <c>link</c> for the one-click link, which names no one.</summary>
    public required string By { get; set; }

    public AcknowledgementVia Via { get; set; }
    public string? Note { get; set; }
}

/// <summary>
/// A key the services share without a setting: created with random bytes by the migration, read by the api and the
/// alerter. <see cref="AcknowledgeTokens"/> signs with <see cref="AcknowledgeLinks"/>.
/// </summary>
public sealed class SigningKey
{
    public const string AcknowledgeLinks = "acknowledge-links";

    public required string Name { get; set; }
    public required byte[] Key { get; set; }
    public DateTime CreatedAt { get; set; }
}
