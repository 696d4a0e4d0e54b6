using MassTransit;
using Npgsql;
using Sentinel.Contracts;
using Sentinel.Recorder.Checkers;

namespace Sentinel.Recorder.Consumers;

/// <summary>Records the checkers' reports of themselves (<see cref="CheckerSeen"/>), a batch at a time.</summary>
public sealed class CheckerSeenConsumer(NpgsqlDataSource dataSource) : IConsumer<Batch<CheckerSeen>>
{
    public Task Consume(ConsumeContext<Batch<CheckerSeen>> context) =>
        RegionCheckers.UpsertAsync(dataSource, context.Message.Select(m => m.Message), context.CancellationToken);
}
