using Sentinel.Contracts;

namespace Sentinel.Checker.Probes;

/// <summary>One kind of check, picked by the target URL's scheme.</summary>
public interface IProbe
{
    /// <summary>The label this probe's checks carry in metrics.</summary>
    string Kind { get; }

    bool Handles(Uri target);

    /// <summary>
    /// Probes once, without retrying. Network failures may throw; the caller turns them into a down result and
    /// measures the latency around this call.
    /// </summary>
    Task<ProbeOutcome> ProbeAsync(RunCheck check, Uri target, CancellationToken cancellationToken);
}

/// <summary>What a probe saw. <see cref="Error"/> is null exactly when the target is up.</summary>
public readonly record struct ProbeOutcome(int? StatusCode, string? Error)
{
    public static ProbeOutcome Up(int? statusCode = null) => new(statusCode, null);
    public static ProbeOutcome Down(string error, int? statusCode = null) => new(statusCode, error);
}
