using System.Threading.Channels;
using MassTransit;
using Sentinel.Contracts;

namespace Sentinel.Checker.Consumers;

/// <summary>
/// Publishes results as <see cref="ChecksCompleted"/>, gathering those that finish within
/// <see cref="Linger"/> of the first (at most <see cref="MaxResults"/>): one broker message for many checks,
/// and no result waits on a slower check. <see cref="PublishAsync"/> completes once the broker has confirmed the
/// message holding the result, so a check is acknowledged only after its result is safe.
/// </summary>
public sealed class ResultPublisher : IAsyncDisposable
{
    public const int MaxResults = 200;
    public static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(20);

    private readonly IBus _bus;
    private readonly ILogger<ResultPublisher> _logger;
    private readonly Channel<(CheckCompleted Result, TaskCompletionSource Published)> _pending =
        Channel.CreateUnbounded<(CheckCompleted, TaskCompletionSource)>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;

    public ResultPublisher(IBus bus, ILogger<ResultPublisher> logger)
    {
        _bus = bus;
        _logger = logger;
        _loop = Task.Run(PublishLoopAsync);
    }

    public Task PublishAsync(CheckCompleted result)
    {
        var published = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_pending.Writer.TryWrite((result, published)))
        {
            published.SetException(new InvalidOperationException("The checker is stopping; the result was not published."));
        }

        return published.Task;
    }

    private async Task PublishLoopAsync()
    {
        var batch = new List<(CheckCompleted Result, TaskCompletionSource Published)>(MaxResults);
        while (await _pending.Reader.WaitToReadAsync())
        {
            using (var linger = new CancellationTokenSource(Linger))
            {
                try
                {
                    while (batch.Count < MaxResults && await _pending.Reader.WaitToReadAsync(linger.Token))
                    {
                        while (batch.Count < MaxResults && _pending.Reader.TryRead(out var item))
                        {
                            batch.Add(item);
                        }
                    }
                }
                catch (OperationCanceledException) when (linger.IsCancellationRequested)
                {
                }
            }

            // Not awaited: the next batch gathers while the broker confirms this one.
            _ = PublishBatchAsync(batch.ToArray());
            batch.Clear();
        }
    }

    private async Task PublishBatchAsync((CheckCompleted Result, TaskCompletionSource Published)[] batch)
    {
        try
        {
            await _bus.Publish(new ChecksCompleted { Results = batch.Select(b => b.Result).ToArray() });
            foreach (var (_, published) in batch)
            {
                published.SetResult();
            }
        }
        catch (Exception ex)
        {
            // The consumers waiting on these fail and their checks are retried or redelivered.
            _logger.LogWarning(ex, "Publishing {Count} results failed", batch.Length);
            foreach (var (_, published) in batch)
            {
                published.SetException(ex);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _pending.Writer.TryComplete();
        await _loop;
    }
}
