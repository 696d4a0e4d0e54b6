namespace Sentinel.ServiceDefaults;

/// <summary>Queue names shared between the services that send to and consume from them.</summary>
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
