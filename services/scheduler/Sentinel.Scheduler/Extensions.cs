using Sentinel.ServiceDefaults;
using Quartz;
using Sentinel.Scheduler.Dispatch;

namespace Sentinel.Scheduler;

public static class Extensions
{
    public static IHostApplicationBuilder AddDispatching(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<SchedulerOptions>(SchedulerOptions.Section);
        builder.Services.AddSingleton<DueCheckDispatcher>();
        builder.Services.AddSingleton<RegionQueueDeclaration>();
        builder.Services.AddSingleton<DispatchOutage>();

        var pollInterval = TimeSpan.FromMilliseconds(
            builder.Configuration.GetSection(SchedulerOptions.Section).Get<SchedulerOptions>()?.PollIntervalMilliseconds
            ?? new SchedulerOptions().PollIntervalMilliseconds);

        // In-memory job store: every replica runs the dispatch job, and the database's row locks (not Quartz
        // clustering) keep replicas off each other's monitors.
        builder.Services.AddQuartz(quartz =>
        {
            var dispatch = new JobKey("dispatch-due-checks");
            quartz.AddJob<DispatchDueChecksJob>(job => job.WithIdentity(dispatch));
            quartz.AddTrigger(trigger => trigger
                .ForJob(dispatch)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(pollInterval).RepeatForever()));
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return builder;
    }
}
