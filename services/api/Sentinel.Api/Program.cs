using MassTransit;
using Microsoft.Extensions.Logging.Console;
using Sentinel.Api;
using Sentinel.Api.AsCode;
using Sentinel.Api.Live;
using Sentinel.Api.Users;
using Sentinel.Contracts;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

if (args is ["apply" or "import", ..])
{
    // Clients of a running Sentinel (or of files): no web host, database or broker.
    Environment.ExitCode = await ConfigCommand.RunAsync(args, Console.Out, Console.Error, ConfigCommandEnvironment.OfProcess());
    return;
}

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
if (args is ["user", ..])
{
    // The command's standard output is the generated password, nothing else; it reports a database it cannot
    // reach in one line of its own, not in EF's stack traces.
    builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.None);
}

var app = builder.Build();
if (args is ["migrate", ..])
{
    await app.MigrateDatabaseAsync();
    return;
}

if (args is ["user", .. var command])
{
    Environment.ExitCode = await UserCommand.RunAsync(app.Services, command, Console.Out, Console.Error);
    return;
}

app.UseApi();
app.MapServiceDefaults();
app.MapApi();
app.Run();

public partial class Program;
