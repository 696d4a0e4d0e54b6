using Microsoft.Extensions.DependencyInjection.Extensions;
using Quartz;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Scheduler.Housekeeping;

public static class HousekeepingExtensions
{
    public static readonly JobKey JobKey = new("housekeeping");

    /// <summary>
    /// Housekeeping on Quartz's in-memory store, every <see cref="RetentionOptions.IntervalSeconds"/> from start: each
    /// replica schedules it and the database's advisory lock (not Quartz clustering) lets one run it at a time.
    /// </summary>
    public static IHostApplicationBuilder AddHousekeeping(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RetentionOptions>(RetentionOptions.Section);
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<ResultHousekeeping>();

        var interval = TimeSpan.FromSeconds(
            builder.Configuration.GetSection(RetentionOptions.Section).Get<RetentionOptions>()?.IntervalSeconds
            ?? new RetentionOptions().IntervalSeconds);
        builder.Services.AddQuartz(quartz =>
        {
            quartz.AddJob<HousekeepingJob>(job => job.WithIdentity(JobKey));
            quartz.AddTrigger(trigger => trigger
                .ForJob(JobKey)
                .StartNow()
                .WithSimpleSchedule(s => s.WithInterval(interval).RepeatForever()));
        });
        return builder;
    }
}
