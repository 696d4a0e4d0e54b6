using System.ComponentModel.DataAnnotations;
using Sentinel.ServiceDefaults;

namespace Sentinel.Checker;

/// <summary>Bound from the <c>Checker</c> section.</summary>
public sealed class CheckerOptions : IValidatableObject
{
    public const string Section = "Checker";

    /// <summary>
    /// The region this checker runs in: it consumes only that region's queue (<see cref="QueueNames.RunCheckFor"/>)
    /// and stamps its name on every result. Only the default region's checkers answer the api's "test now".
    /// </summary>
    public string Region { get; set; } = RegionNames.Default;

    /// <summary>How often the checker reports itself (<c>CheckerSeen</c>), in seconds: what tells a region's silence.</summary>
    [Range(1, 300)]
    public int HeartbeatSeconds { get; set; } = 10;

    /// <summary>
    /// Checks one replica runs at once. Checks mostly wait on the network, so this is far above the core count:
    /// 500 slow endpoints at a 10 s timeout still leave the queue moving.
    /// </summary>
    [Range(1, 10_000)]
    public int Concurrency { get; set; } = 500;

    /// <summary>
    /// Where <c>[DOMAIN_EXPIRATION]</c> is looked up: the RDAP bootstrap file that names each top-level domain's
    /// registry (IANA's), read at most once a day.
    /// </summary>
    [Url]
    public string RdapBootstrapUrl { get; set; } = "https://data.iana.org/rdap/dns.json";

    /// <summary>
    /// One RDAP server to ask about every domain instead of the bootstrap's (a private registry, or a test); its
    /// <c>/domain/NAME</c> is queried. Empty: the bootstrap decides.
    /// </summary>
    public string? RdapServerUrl { get; set; }

    /// <summary>How long a domain's expiry, once known, is reused before it is looked up again.</summary>
    [Range(1, 168)]
    public int DomainExpiryCacheHours { get; set; } = 12;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!RegionNames.IsValid(Region))
        {
            yield return new ValidationResult($"Checker:Region is '{Region}', which is not a region name: {RegionNames.Rule}.", [nameof(Region)]);
        }
    }
}
