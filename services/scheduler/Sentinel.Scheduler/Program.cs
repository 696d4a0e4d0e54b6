using Sentinel.Data;
using Sentinel.Scheduler;
using Sentinel.Scheduler.Housekeeping;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8001);
builder.AddSentinelDatabase();
builder.AddSentinelBus();
builder.AddDispatching();
builder.AddHousekeeping();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
