using MassTransit;

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

    /// <summary>
    /// Where checks are sent: to the <see cref="RunCheck"/> queue, declared by the send if no checker has declared it
    /// yet. MassTransit declares a send's queue classic, though, and RabbitMQ refuses to redeclare the quorum queue
    /// the checkers declare (PRECONDITION_FAILED), so with quorum queues checks go to the queue's exchange instead,
    /// sent mandatory (<see cref="MustReachAQueue"/>): until a checker has bound its queue the send fails, as a send
    /// to a broker that is away does, rather than being dropped.
    /// </summary>
    public static Uri RunCheckAddress(bool quorumQueues) => RunCheckAddress(RegionNames.Default, quorumQueues);

    /// <summary>
    /// The queue of one region's checkers: <see cref="RunCheck"/> for the default region (the queue every installation
    /// had before regions), <c>run-check-NAME</c> for the others.
    /// </summary>
    public static string RunCheckFor(string region) =>
        region == RegionNames.Default ? RunCheck : $"{RunCheck}-{region}";

    /// <summary>Where one region's checks are sent, as <see cref="RunCheckAddress(bool)"/> says.</summary>
    public static Uri RunCheckAddress(string region, bool quorumQueues) =>
        new(quorumQueues ? $"exchange:{RunCheckFor(region)}" : $"queue:{RunCheckFor(region)}");

    /// <summary>Has RabbitMQ return a message that no queue takes, which fails its send.</summary>
    public static void MustReachAQueue<T>(SendContext<T> context) where T : class
    {
        if (context.TryGetPayload<RabbitMqSendContext>(out var rabbit))
        {
            rabbit.Mandatory = true;
        }
    }

    /// <summary>
    /// The api's "test now" requests (<c>TestCheck</c>), one queue the checkers compete on. A request expires with its
    /// timeout, so one that no checker took in time is dropped rather than run for nobody.
    /// </summary>
    public const string TestCheck = "test-check";

    public const string CheckCompleted = "check-completed";
    public const string MonitorStatusChanged = "monitor-status-changed";
}
