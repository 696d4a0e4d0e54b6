using System.Diagnostics;
using Sentinel.Checks;

namespace Sentinel.Checker.Probes;

/// <summary>
/// One probe of one target: what it was asked, and what it saw, filled in as it goes so that a probe failing
/// half-way (a refused TLS certificate) still tells what it saw before.
/// </summary>
public sealed class ProbeRun(ProbeCheck spec, bool readBody)
{
    /// <summary>Largest body read for <c>[BODY]</c> conditions, in bytes (1 MiB).</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private readonly long _started = Stopwatch.GetTimestamp();
    private long? _answered;

    public ProbeCheck Spec { get; } = spec;
    public Uri Target { get; } = spec.Target;

    /// <summary>Whether a condition needs the body; otherwise the probe never reads it.</summary>
    public bool ReadBody { get; } = readBody;

    /// <summary>A connection to the target was established.</summary>
    public bool Connected { get; set; }

    /// <summary>HTTP status code of the answer.</summary>
    public int? StatusCode { get; set; }

    /// <summary>The body as UTF-8 text, when <see cref="ReadBody"/> asked for it.</summary>
    public string? Body { get; set; }

    /// <summary>NotAfter (UTC) of the server's leaf certificate, for HTTPS and TLS.</summary>
    public DateTime? CertificateNotAfter { get; set; }

    /// <summary>Why the server's certificate was refused, when it was (HTTP-based probes record it as they connect).</summary>
    public string? CertificateRefusal { get; set; }

    /// <summary>Response code of a DNS answer: NOERROR, NXDOMAIN, …</summary>
    public string? DnsRcode { get; set; }

    /// <summary>Addresses of a DNS answer's A and AAAA records.</summary>
    public IReadOnlyList<string>? Addresses { get; set; }

    /// <summary>Data, as text, of a DNS answer's records of the queried type.</summary>
    public IReadOnlyList<string>? Answers { get; set; }

    /// <summary>The first column of the first row of a database check's query, as text; null for no row or NULL.</summary>
    public string? Result { get; set; }

    /// <summary>
    /// Time from the start to the answer (HTTP: its headers, before any body is read; ICMP: the echo's round-trip
    /// time), or to now if none came.
    /// </summary>
    public TimeSpan Latency => Stopwatch.GetElapsedTime(_started, _answered ?? Stopwatch.GetTimestamp());

    /// <summary>Stops the latency clock: the target has answered. Later calls change nothing.</summary>
    public void Answered() => _answered ??= Stopwatch.GetTimestamp();

    /// <summary>
    /// Sets the latency to one the probe measured itself (ICMP: the echo's round-trip time, which leaves out name
    /// resolution and, with the ping binary, starting it). Later calls, and <see cref="Answered()"/>, change nothing.
    /// </summary>
    public void Answered(TimeSpan latency) => _answered ??= _started + (long)(latency.TotalSeconds * Stopwatch.Frequency);
}
