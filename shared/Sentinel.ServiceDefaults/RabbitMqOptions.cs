using System.ComponentModel.DataAnnotations;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Sentinel.ServiceDefaults;

/// <summary>Where the broker is. Bound from the <c>RabbitMq</c> section.</summary>
public sealed class RabbitMqOptions : IValidatableObject
{
    public const string Section = "RabbitMq";

    [Required] public string Host { get; set; } = "127.0.0.1";
    [Range(1, 65535)] public int Port { get; set; } = 5672;
    [Required] public string VirtualHost { get; set; } = "/";
    [Required] public string Username { get; set; } = "guest";
    [Required] public string Password { get; set; } = "guest";

    /// <summary>
    /// The nodes of a RabbitMQ cluster as <c>host:port</c> (or <c>host</c>, on <see cref="Port"/>):
    /// <c>RabbitMq__Nodes__0</c>, <c>RabbitMq__Nodes__1</c>… When set, the service connects to the first node that
    /// answers and moves to another when it is lost; <see cref="Host"/> and <see cref="Port"/> are then not used.
    /// </summary>
    public List<string> Nodes { get; set; } = [];

    /// <summary>
    /// Declare Sentinel's queues as quorum queues, replicated on the cluster's nodes so a queue survives losing one.
    /// Unset: on when more than one node is listed. A queue already declared classic must be deleted before it can
    /// be declared quorum (docs/operations.md).
    /// </summary>
    public bool? QuorumQueues { get; set; }

    public bool UseQuorumQueues => QuorumQueues ?? Nodes.Count > 1;

    /// <summary>
    /// Connect over TLS (AMQPS), as a checker in another site does to the central broker (docs/regions.md). The port
    /// stays <see cref="Port"/>: set it to the broker's TLS listener, by convention 5671.
    /// </summary>
    public bool Tls { get; set; }

    /// <summary>
    /// The name the broker's certificate must carry; unset, the host connected to (the first of <see cref="Nodes"/>: on a
    /// cluster, a name every node's certificate carries).
    /// </summary>
    public string? TlsServerName { get; set; }

    /// <summary>
    /// A PEM file of the certificate authority (or authorities) that signed the broker's certificate, for a private
    /// CA the system does not trust. Unset, the system's trusted authorities decide.
    /// </summary>
    public string? TlsCaFile { get; set; }

    /// <summary>The name the broker's certificate must carry when connecting to <paramref name="host"/>.</summary>
    public string TlsServerNameFor(string host) => string.IsNullOrEmpty(TlsServerName) ? host : TlsServerName;

    /// <summary>The authorities of <see cref="TlsCaFile"/>; empty when it is not set.</summary>
    public X509Certificate2Collection TrustedAuthorities()
    {
        var authorities = new X509Certificate2Collection();
        if (!string.IsNullOrEmpty(TlsCaFile))
        {
            authorities.ImportFromPemFile(TlsCaFile);
        }

        return authorities;
    }

    /// <summary>
    /// Whether the broker's certificate is acceptable: what the system trusts is, and with <see cref="TlsCaFile"/> a
    /// certificate that chains to one of its authorities is too. A certificate for another name never is.
    /// </summary>
    public static bool IsTrustedBrokerCertificate(
        X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection authorities)
    {
        if (errors == SslPolicyErrors.None)
        {
            return true;
        }

        if (errors != SslPolicyErrors.RemoteCertificateChainErrors || certificate is null || authorities.Count == 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        // A private CA publishes no revocation list the checker could reach.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate as X509Certificate2 ?? new X509Certificate2(certificate));
    }

    /// <summary>Where to connect: each node of <see cref="Nodes"/>, or <see cref="Host"/> and <see cref="Port"/>.</summary>
    public IReadOnlyList<(string Host, int Port)> Endpoints() =>
        Nodes.Count == 0
            ? [(Host, Port)]
            : Nodes.Select(ParseNode).OfType<(string Host, int Port)>().ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < Nodes.Count; i++)
        {
            if (ParseNode(Nodes[i]) is null)
            {
                yield return new ValidationResult(
                    $"RabbitMq:Nodes:{i} is '{Nodes[i]}', which is not host:port (a host name or IPv4 address, then a port from 1 to 65535).",
                    [nameof(Nodes)]);
            }
        }

        foreach (var error in ValidateTls())
        {
            yield return error;
        }
    }

    private IEnumerable<ValidationResult> ValidateTls()
    {
        if (string.IsNullOrEmpty(TlsCaFile))
        {
            yield break;
        }

        if (!Tls)
        {
            yield return new ValidationResult(
                "RabbitMq:TlsCaFile is set but RabbitMq:Tls is false: set RabbitMq:Tls=true (and the broker's TLS port, usually 5671) or remove the CA file.",
                [nameof(TlsCaFile)]);
            yield break;
        }

        if (!File.Exists(TlsCaFile))
        {
            yield return new ValidationResult(
                $"RabbitMq:TlsCaFile is '{TlsCaFile}', which does not exist (a PEM file of the CA that signed the broker's certificate).",
                [nameof(TlsCaFile)]);
            yield break;
        }

        string? problem;
        try
        {
            problem = TrustedAuthorities().Count == 0 ? "holds no PEM certificate (-----BEGIN CERTIFICATE-----)" : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            problem = $"cannot be read as PEM certificates: {ex.Message}";
        }

        if (problem is not null)
        {
            yield return new ValidationResult($"RabbitMq:TlsCaFile '{TlsCaFile}' {problem}.", [nameof(TlsCaFile)]);
        }
    }

    /// <summary>
    /// <c>host:port</c> or <c>host</c>, as MassTransit's cluster configuration takes it. No scheme (<c>amqp://</c>)
    /// and no IPv6 literal: MassTransit splits the address on its colon.
    /// </summary>
    private (string Host, int Port)? ParseNode(string? node)
    {
        var parts = (node ?? "").Trim().Split(':');
        if (parts[0].Length == 0 || parts[0].Any(c => char.IsWhiteSpace(c) || c is '/' or '@' or '[' or ']'))
        {
            return null;
        }

        if (parts.Length == 1)
        {
            return (parts[0], Port);
        }

        return parts.Length == 2 && int.TryParse(parts[1], out var port) && port is > 0 and < 65536 ? (parts[0], port) : null;
    }
}
