using Sentinel.ServiceDefaults;
using Sentinel.Recorder.Status;

namespace Sentinel.Recorder;

public static class Extensions
{
    public static IHostApplicationBuilder AddRecording(this IHostApplicationBuilder builder)
    {
        builder.AddValidatedOptions<RecorderOptions>(RecorderOptions.Section);
        builder.Services.AddSingleton<ResultBatchWriter>();
        return builder;
    }
}
