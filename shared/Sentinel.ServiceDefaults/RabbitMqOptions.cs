using System.ComponentModel.DataAnnotations;

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
