using MassTransit;
using Sentinel.Checker;
using Sentinel.Checker.Consumers;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8002);
builder.AddProbes();
builder.AddPresence();
builder.AddSentinelBus(bus => bus.AddCheckConsumers(builder.Configuration));

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
