namespace Sentinel.Contracts;

/// <summary>What one region saw of a monitor at one due time; travels in <see cref="MonitorStatusChanged.Regions"/>.</summary>
public sealed record RegionResult
{
    /// <summary>The region's name.</summary>
    public required string Region { get; init; }

    /// <summary>Up or down; null when the region had not answered by the due time's deadline (unknown, never down).</summary>
    public CheckStatus? Status { get; init; }

    /// <summary>Why the region's check failed, on one line; null when up or unknown.</summary>
    public string? Error { get; init; }

    /// <summary>HTTP status code the region saw, if any.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Time the region's probe took, in milliseconds; 0 when unknown.</summary>
    public double LatencyMs { get; init; }
}
