using System.Collections.Concurrent;
using System.Threading.Channels;
using Sentinel.Contracts;

namespace Sentinel.Api.Live;

/// <summary>
/// Hands each monitor transition this api process hears of to every browser watching at that moment. Nothing is kept
/// for watchers that come later: a page shows the state it was rendered with, then the transitions after it.
/// </summary>
/// <remarks>
/// Each watcher has a queue of its own, bounded by <see cref="Backlog"/>, so a slow browser never holds up the
/// consumer or the other watchers, and never makes the process hold transitions without bound. A watcher whose queue
/// is full is cut off rather than quietly missing transitions: its stream ends, the browser reconnects and reloads,
/// and so sees the current state again.
/// </remarks>
public sealed class StatusFeed
{
    /// <summary>How many transitions a watcher may fall behind before it is cut off.</summary>
    public const int Backlog = 256;

    private readonly ConcurrentDictionary<StatusSubscription, byte> _watchers = new();

    /// <summary>A queue of the transitions from now on; dispose it when the watcher goes.</summary>
    public StatusSubscription Subscribe()
    {
        var subscription = new StatusSubscription(this);
        _watchers.TryAdd(subscription, 0);
        return subscription;
    }

    /// <summary>Offers <paramref name="change"/> to every watcher; never waits for one.</summary>
    public void Publish(MonitorStatusChanged change)
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Offer(change);
        }
    }

    /// <summary>
    /// Ends every watcher's queue, for when transitions may have been missed (this process's queue on the broker
    /// was lost with its connection): each browser reconnects and reloads, and so sees what it missed.
    /// </summary>
    public void CutOffAll()
    {
        foreach (var watcher in _watchers.Keys)
        {
            watcher.Dispose();
        }
    }

    internal void Remove(StatusSubscription subscription) => _watchers.TryRemove(subscription, out _);
}

/// <summary>One watcher's transitions, in the order the feed heard them; completes when it is cut off.</summary>
public sealed class StatusSubscription : IDisposable
{
    private readonly StatusFeed _feed;

    private readonly Channel<MonitorStatusChanged> _queue = Channel.CreateBounded<MonitorStatusChanged>(
        new BoundedChannelOptions(StatusFeed.Backlog) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    internal StatusSubscription(StatusFeed feed) => _feed = feed;

    public ChannelReader<MonitorStatusChanged> Changes => _queue.Reader;

    internal void Offer(MonitorStatusChanged change)
    {
        // Full: the watcher has fallen behind. Dropping this one would leave its page wrong without it knowing.
        if (!_queue.Writer.TryWrite(change))
        {
            Dispose();
        }
    }

    public void Dispose()
    {
        _feed.Remove(this);
        _queue.Writer.TryComplete();
    }
}
