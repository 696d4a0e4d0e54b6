using MassTransit;
using Sentinel.Alerter.Deliveries;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.Channels;

namespace Sentinel.Alerter.Consumers;

/// <summary>Sends a test message to a channel once, without retries, and answers with what happened.</summary>
public sealed class TestChannelConsumer(NotificationPlanner planner, DeliveryRunner runner) : IConsumer<TestChannel>
{
    public async Task Consume(ConsumeContext<TestChannel> context)
    {
        var channelId = context.Message.ChannelId;
        var channel = await planner.ChannelAsync(channelId, context.CancellationToken);
        string? error = null;
        if (channel is null)
        {
            error = "the channel does not exist";
        }
        else
        {
            try
            {
                await runner.SendOnceAsync(channel, Sample(channel), context.CancellationToken);
            }
            catch (DeliveryFailedException ex)
            {
                error = ex.Message;
            }
        }

        await context.RespondAsync(new ChannelTested { ChannelId = channelId, Succeeded = error is null, Error = error });
    }

    private static Notification Sample(AlertChannel channel) => new()
    {
        Kind = NotificationKind.Down,
        IsTest = true,
        MonitorId = Guid.Empty,
        MonitorName = $"test of channel '{channel.Name}'",
        MonitorUrl = "https://example.com/health",
        ChangedAt = DateTime.UtcNow,
        Error = "This is a test notification from Sentinel; nothing is down.",
        LatencyMs = 0,
    };
}
