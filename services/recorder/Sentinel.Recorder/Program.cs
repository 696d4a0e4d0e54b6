using MassTransit;
using Sentinel.Data;
using Sentinel.Recorder;
using Sentinel.Recorder.Consumers;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8003);
builder.AddSentinelDatabase();
builder.AddRecording();
builder.RunSlotDeadlineSweep();
builder.AddSentinelBus(bus =>
{
    bus.AddResultConsumers();
    bus.AddCheckerSeenConsumer();
});

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
