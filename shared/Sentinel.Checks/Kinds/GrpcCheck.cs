using System.Text.Json.Serialization;
using Sentinel.Conditions;

namespace Sentinel.Checks.Kinds;

/// <summary>
/// <c>grpc://host:port[/service]</c> (HTTP/2 without TLS) and <c>grpcs://host:port[/service]</c> (over TLS): one call
/// of the standard gRPC health protocol, <c>grpc.health.v1.Health/Check</c>, asking about the service in the path, or
/// about the server as a whole without one. Up when the server answers SERVING.
/// </summary>
public sealed record GrpcCheck : ProbeCheck
{
    public const int MaxServiceLength = 256;

    /// <summary>Whether grpcs:// checks verify the server's certificate.</summary>
    public bool VerifyTls { get; init; } = true;

    /// <summary>The service asked about; empty asks about the server as a whole.</summary>
    [JsonIgnore]
    public string Service => ServiceOf(Target);

    /// <summary>Whether the check talks TLS.</summary>
    [JsonIgnore]
    public bool Secure => Target.Scheme == "grpcs";

    public override IReadOnlyCollection<Placeholder> Observes(string scheme) => scheme == "grpcs"
        ? [.. Always, Placeholder.CertificateExpiration]
        : Always;

    protected override string? UrlProblem(Uri url)
    {
        var example = $"for example {url.Scheme}://orders.internal:50051/orders.v1.Orders, or {url.Scheme}://orders.internal:50051 for the whole server";
        if (url.IsDefaultPort || url.Port is < 1 or > 65535)
        {
            return $"A {url.Scheme}:// URL needs a port, {example}.";
        }

        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return $"A {url.Scheme}:// URL is host, port and an optional service name only, {example}.";
        }

        // The health protocol takes any string, but servers register their services by their full protobuf names.
        var service = ServiceOf(url);
        return service.Length <= MaxServiceLength && service.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-')
            ? null
            : $"'{service}' is not a gRPC service name: at most {MaxServiceLength} letters, digits, '.', '_' or '-', {example}.";
    }

    protected override ProbeCheck ResolveOptions(ProbeCheck resolved, Uri? url, ProbeCheck? stored, CheckErrors errors)
    {
        if (!VerifyTls && url is not null && url.Scheme != "grpcs")
        {
            errors.Add("verifyTls", "Only for grpcs:// URLs: grpc:// has no TLS to verify.");
        }

        return resolved;
    }

    private static string ServiceOf(Uri url) => Uri.UnescapeDataString(url.AbsolutePath.TrimStart('/'));
}
