namespace Sentinel.Checker.Presence;

/// <summary>
/// The longest a <c>RunChecks</c> message taken since the last report had waited since its dispatch: the region's
/// queue is first in, first out, so this is how far behind its checkers are.
/// </summary>
public sealed class QueueWait
{
    private const long None = -1;
    private long _longestTicks = None;

    /// <param name="sentTime">When the scheduler sent the message (from its envelope); null when unknown.</param>
    public void Taken(DateTime? sentTime)
    {
        if (sentTime is not { } sent)
        {
            return;
        }

        var waited = Math.Max(0, (DateTime.UtcNow - sent).Ticks);
        var longest = Interlocked.Read(ref _longestTicks);
        while (waited > longest)
        {
            var seen = Interlocked.CompareExchange(ref _longestTicks, waited, longest);
            if (seen == longest)
            {
                return;
            }

            longest = seen;
        }
    }

    /// <summary>The longest wait, in milliseconds, since the previous call; null when no message was taken.</summary>
    public double? TakeLongestMs()
    {
        var ticks = Interlocked.Exchange(ref _longestTicks, None);
        return ticks == None ? null : Math.Round(TimeSpan.FromTicks(ticks).TotalMilliseconds, 3);
    }
}
