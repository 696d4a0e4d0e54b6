using Sentinel.Contracts;

namespace Sentinel.Recorder.Status;

/// <summary>
/// What one due time of a monitor says about it, from one region's result or from every region's: up, degraded or
/// down (<see cref="Outcome"/>), with the thresholds the monitor had then. <see cref="StatusRules"/> moves the
/// monitor's state by these.
/// </summary>
/// <param name="CheckId">
/// The result's check id, or for a due time decided from several regions <c>SlotCheckId.ForVerdict</c>: the id the
/// transition records, and the tie-break between verdicts of the same due time.
/// </param>
public sealed record DueTimeVerdict(
    Guid MonitorId, DateTime ScheduledAt, Guid CheckId, DateTime CheckedAt, MonitorState Outcome,
    int FailureThreshold, int SuccessThreshold)
{
    /// <summary>The verdict of a monitor checked from one region: its result alone, degraded when up but slower than the monitor allows.</summary>
    public static DueTimeVerdict Of(CheckCompleted result) => new(
        result.MonitorId, result.ScheduledAt, result.CheckId, result.CheckedAt,
        result.Status == CheckStatus.Down ? MonitorState.Down
        : IsSlow(result.LatencyMs, result.DegradedAboveMs) ? MonitorState.Degraded
        : MonitorState.Up,
        result.FailureThreshold, result.SuccessThreshold);

    /// <summary>A success slower than the monitor's <c>degradedAboveMs</c>.</summary>
    public static bool IsSlow(double latencyMs, int? degradedAboveMs) => degradedAboveMs is { } limit && latencyMs > limit;
}

/// <summary>
/// The quorum rule: how the results of a monitor's regions at one due time make one outcome. Down when at least
/// <c>quorum</c> regions failed; degraded when some failed, fewer than the quorum, or when none failed but one was
/// slower than <c>degradedAboveMs</c>; up when every region that answered succeeded in time. A region that has not
/// answered (a null <see cref="RegionResult.Status"/>, or no result at all) is unknown: it counts as neither failing
/// nor succeeding, so losing regions can never make a monitor down.
/// </summary>
public static class QuorumRule
{
    /// <summary>The outcome, or null when no region answered (nothing is known about the due time).</summary>
    public static MonitorState? Decide(IReadOnlyCollection<RegionResult> results, int quorum, int? degradedAboveMs)
    {
        var answered = results.Where(r => r.Status is not null).ToList();
        if (answered.Count == 0)
        {
            return null;
        }

        var failed = answered.Count(r => r.Status == CheckStatus.Down);
        if (failed >= Math.Max(1, quorum))
        {
            return MonitorState.Down;
        }

        return failed > 0 || answered.Any(r => DueTimeVerdict.IsSlow(r.LatencyMs, degradedAboveMs))
            ? MonitorState.Degraded
            : MonitorState.Up;
    }
}
