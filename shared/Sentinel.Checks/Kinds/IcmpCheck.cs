using System.Text.Json.Serialization;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary><c>icmp://host</c>: one echo request, up when the reply arrives within the timeout.</summary>
public sealed record IcmpCheck : ProbeCheck
{
    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => Always;

    /// <summary>ICMP has no port; the outbound guard judges the address alone.</summary>
    public override (string Host, int Port) Endpoint() => (Target.IdnHost, 0);

    protected override string? UrlProblem(Uri url)
    {
        const string example = "for example icmp://router.internal or icmp://10.0.0.1";
        if (!url.IsDefaultPort)
        {
            return $"An icmp:// URL takes no port (ICMP has none), {example}.";
        }

        return url.UserInfo.Length > 0 || url.AbsolutePath != "/" || url.Query.Length > 0 || url.Fragment.Length > 0
            ? $"An icmp:// URL is the host only, {example}."
            : null;
    }

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors) => resolved;
}
