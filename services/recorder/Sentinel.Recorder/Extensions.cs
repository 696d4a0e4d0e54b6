using Sentinel.Recorder.Status;

namespace Sentinel.Recorder;

public static class Extensions
{
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RecorderOptions>()
            .Bind(builder.Configuration.GetSection(RecorderOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ResultBatchWriter>();
        return builder;
    }
}
