namespace Sentinel.ServiceDefaults;

/// <summary>
/// Queue names shared between the services that send to and consume from them. A queue is named after the step it
/// feeds, not after the message that travels on it: <c>run-check</c> carries <c>RunChecks</c> (several checks to a
/// message, docs/benchmarks.md), <c>check-completed</c> carries <c>ChecksCompleted</c>.
/// </summary>
/// <remarks>
/// Renaming a queue in code does not rename it in a running broker: the old queue would keep its waiting messages and
/// stay bound to the exchanges, filling with copies nobody consumes. So these names stay as they are.
/// </remarks>
public static class QueueNames
{
    /// <summary>
    /// Checks are sent straight to this durable queue rather than published: a publish with no queue bound yet
    /// (a checker that never started) would be dropped by the exchange, a send is kept until a checker comes.
    /// </summary>
    public const string RunCheck = "run-check";

    public const string CheckCompleted = "check-completed";
    public const string MonitorStatusChanged = "monitor-status-changed";
}
