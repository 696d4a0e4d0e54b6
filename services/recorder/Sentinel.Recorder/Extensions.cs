using MassTransit;
using Microsoft.Extensions.Options;
using Sentinel.Recorder.Consumers;
using Sentinel.ServiceDefaults;
using Sentinel.Recorder.Slots;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder;

public static class Extensions
{
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RecorderOptions>(RecorderOptions.Section);
        builder.Services.AddSingleton<ResultBatchWriter>();
        builder.Services.AddSingleton<ResultRecorder>();
        builder.Services.AddSingleton<SlotDeadlineSweep>();
        return builder;
    }

    /// <summary>
    /// Runs the <see cref="SlotDeadlineSweep"/> in the background. Apart from <see cref="AddRecording"/> so that tests,
    /// whose harness starts every hosted service, run the sweep themselves when they choose.
    /// </summary>
    public static IHostApplicationBuilder RunSlotDeadlineSweep(this IHostApplicationBuilder builder)
    {
        builder.Services.AddHostedService(services => services.GetRequiredService<SlotDeadlineSweep>());
        return builder;
    }

    /// <summary>The consumers of the <c>check-completed</c> queue: gathered results, and single ones from older checkers.</summary>
    public static void AddResultConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<ChecksCompletedConsumer, ChecksCompletedConsumerDefinition>();
        bus.AddConsumer<CheckCompletedConsumer>((context, consumer) => consumer.Options<BatchOptions>(batch =>
                ChecksCompletedConsumerDefinition.Batching(batch, context.GetRequiredService<IOptions<RecorderOptions>>().Value)))
            .Endpoint(e => e.Name = QueueNames.CheckCompleted);
    }

    /// <summary>The consumer of the checkers' reports of themselves (<c>CheckerSeen</c>), kept in <c>region_checkers</c>.</summary>
    public static void AddCheckerSeenConsumer(this IBusRegistrationConfigurator bus) =>
        bus.AddConsumer<CheckerSeenConsumer, CheckerSeenConsumerDefinition>();
}
