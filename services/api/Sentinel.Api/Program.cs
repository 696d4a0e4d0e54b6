using Sentinel.Api;
using Sentinel.Api.Monitors;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8000);
builder.AddSentinelDatabase();
builder.AddSentinelBus();
builder.AddApi();

var app = builder.Build();
if (args is ["migrate", ..])
{
    await app.MigrateDatabaseAsync();
    return;
}

app.UseApi();
app.MapServiceDefaults();
app.MapMonitors();
app.Run();

public partial class Program;
