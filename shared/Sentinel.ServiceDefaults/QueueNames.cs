namespace Sentinel.ServiceDefaults;

/// <summary>
/// Queue names shared between the services that send to and consume from them. A queue is named after the step it
/// feeds, not after one message: <c>run-check</c> carries <c>RunChecks</c> and the single <c>RunCheck</c>s of older
/// schedulers, <c>check-completed</c> carries <c>ChecksCompleted</c> and single <c>CheckCompleted</c>s.
/// </summary>
/// <remarks>
/// Not renamed to match the batch messages, because renaming a queue in code does not rename it in a running broker:
/// the checks waiting in the old <c>run-check</c> would never run (the very checks <c>RunCheckConsumer</c> is kept
/// for), and the old <c>check-completed</c> would stay bound to the result exchanges, so every result published
/// after the upgrade would also pile up there, unconsumed, until the broker's disk or memory alarm blocks publishers.
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
