namespace Sentinel.ServiceDefaults.Outbound;

/// <summary>What monitors and webhooks may connect to. Bound from the <c>Outbound</c> section.</summary>
public sealed class OutboundOptions
{
    public const string Section = "Outbound";

    /// <summary>
    /// Loopback (127.0.0.0/8, ::1) is refused unless this is true. <c>./sentinel up</c> sets it, so a user can watch
    /// services on their own machine; in a container, loopback is Sentinel itself.
    /// </summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Networks (CIDR) reachable even though a built-in rule refuses them, e.g. one link-local range.</summary>
    public List<string> AllowNetworks { get; set; } = [];

    /// <summary>Networks (CIDR) refused besides the built-in ones, e.g. a management network.</summary>
    public List<string> DenyNetworks { get; set; } = [];

    /// <summary>
    /// <c>host:port</c> pairs never reached whatever the networks say: Sentinel's own database, broker and internal
    /// services. The database and broker this service is configured with are added on their own.
    /// </summary>
    public List<string> ProtectedEndpoints { get; set; } = [];
}
