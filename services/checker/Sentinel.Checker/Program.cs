using MassTransit;
using Sentinel.Checker;
using Sentinel.Checker.Consumers;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8002);
builder.AddProbes();
builder.AddSentinelBus(bus => bus.AddCheckConsumers(builder.Configuration));
// After the bus: hosted services start in order, and the first report goes out once the bus has started.
builder.AddPresence();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
