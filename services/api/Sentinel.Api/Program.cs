using MassTransit;
using Sentinel.Api;
using Sentinel.Api.Live;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults(defaultPort: 8000);
builder.AddSentinelDatabase();
builder.AddSentinelBus(bus =>
{
    bus.AddRequestClient<TestChannel>();
    bus.AddRequestClient<TestCheck>();
    bus.AddStatusFeed();
});
builder.AddApi();

var app = builder.Build();
if (args is ["migrate", ..])
{
    await app.MigrateDatabaseAsync();
    return;
}

app.UseApi();
app.MapServiceDefaults();
app.MapApi();
app.Run();

public partial class Program;
