using Sentinel.Alerter;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8004);
builder.AddSentinelDatabase();
builder.AddNotifications();
builder.AddSentinelBus(bus => bus.AddNotificationConsumers());

var app = builder.Build();
app.MapServiceDefaults();
app.Run();

public partial class Program;
