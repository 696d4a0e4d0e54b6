using MassTransit;
using Microsoft.Extensions.Options;
using Npgsql;
using Sentinel.Contracts;
using Sentinel.Recorder.Checkers;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder.Slots;

/// <summary>
/// Decides the due times some region never answered: every <see cref="RecorderOptions.SlotSweepMilliseconds"/> it
/// claims the undecided slots whose deadline has passed and decides them with the regions that did answer (the
/// others unknown, never down). Once a minute it also deletes slots decided over an hour ago and checkers silent for a
/// day. Every recorder replica sweeps; SKIP LOCKED keeps them off each other's slots, and the conditional
/// <c>decided_at</c> write decides each slot once (<see cref="CheckSlots"/>).
/// </summary>
/// <remarks>
/// The transitions are published <em>before</em> the transaction that records them commits, as the scheduler's claim
/// and its checks commit together: a failed publish rolls the decision back and the next sweep takes the slot again,
/// so a verdict is never recorded unannounced. Publishing after the commit would need a republish path, and here no
/// message is redelivered to drive one: the results were acknowledged long ago, and a slot decided at its deadline
/// has, by definition, a region that sends nothing more. The price is the other order's hazard: a commit that fails
/// after a publish (the database lost in between) lets the next sweep decide the slot again and publish again. The
/// transition's id is the due time's verdict id (<see cref="DecidedSlot.VerdictId"/>), the same every time the slot is
/// decided, so the alerter, which keys deliveries by (transition id, channel), sends nothing twice.
/// </remarks>
public sealed class SlotDeadlineSweep(
    NpgsqlDataSource dataSource, IBus bus, IOptions<RecorderOptions> options, ILogger<SlotDeadlineSweep> logger) : BackgroundService
{
    /// <summary>Most slots decided in one transaction; a full batch is followed at once by another.</summary>
    public const int BatchSize = 500;

    /// <summary>How long a decided slot is kept: long past any result that could still arrive for it.</summary>
    private static readonly TimeSpan KeepDecided = TimeSpan.FromHours(1);

    private static readonly TimeSpan CleanUpEvery = TimeSpan.FromMinutes(1);

    private DateTime _nextCleanUp = DateTime.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(options.Value.SlotSweepMilliseconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    Sweep sweep;
                    do
                    {
                        sweep = await SweepAsync(stoppingToken);
                    }
                    while (sweep.Decided == BatchSize);

                    if (DateTime.UtcNow >= _nextCleanUp)
                    {
                        await CleanUpAsync(stoppingToken);
                        _nextCleanUp = DateTime.UtcNow + CleanUpEvery;
                    }
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException or RequestTimeoutException)
                {
                    logger.LogWarning(ex, "Deciding overdue due times failed; trying again next tick");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <param name="Decided">Slots decided, including those no region answered.</param>
    /// <param name="Changes">The transitions published.</param>
    public sealed record Sweep(int Decided, IReadOnlyList<MonitorStatusChanged> Changes);

    /// <summary>Decides one batch of overdue slots and publishes the transitions they cause (see the remarks for the order).</summary>
    public async Task<Sweep> SweepAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var decided = await CheckSlots.DecideOverdueAsync(connection, BatchSize, cancellationToken);
        if (decided.Count == 0)
        {
            return new Sweep(0, []);
        }

        var transitions = await StatusChanges.ApplyAsync(connection, decided.Select(s => s.Decision()).OfType<Decision>().ToList(), cancellationToken);
        var changes = transitions.Select(StatusChanges.ToMessage).ToList();
        foreach (var change in changes)
        {
            await bus.Publish(change, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var slot in decided)
        {
            CheckSlots.CountDecided(slot, CheckSlots.ByDeadline);
        }

        foreach (var change in changes)
        {
            ResultRecorder.CountPublished(change);
        }

        return new Sweep(decided.Count, changes);
    }

    /// <summary>Deletes slots decided over an hour ago and checkers silent for a day, a bounded number at a time.</summary>
    public async Task CleanUpAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await CheckSlots.DeleteDecidedAsync(connection, KeepDecided, 10 * BatchSize, cancellationToken);
        await RegionCheckers.DeleteSilentAsync(connection, cancellationToken);
    }
}
