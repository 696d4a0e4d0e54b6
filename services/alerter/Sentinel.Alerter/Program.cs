using Sentinel.ServiceDefaults;

// Notifications arrive with the alerting work; until then the alerter joins the bus and reports its health.
var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8004);
builder.AddSentinelBus();

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
