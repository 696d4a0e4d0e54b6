using System.Diagnostics;
using System.Net;
using Sentinel.Api.Auth;
using Sentinel.Api.Users;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>The api binary's <c>user</c> command, which <c>./sentinel user …</c> runs.</summary>
public sealed class UserCommandTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task User_add_prints_only_a_password_that_logs_in_with_the_given_role()
    {
        var (exit, output, error) = await RunAsync("add", "from-shell", "--role", "editor");

        Assert.Equal(0, exit);
        var password = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries)).Trim();
        Assert.Contains("Created editor from-shell", error);
        using var session = new DashboardSession(factory);
        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync("from-shell", password)).StatusCode);
        Assert.Contains("<dd>editor</dd>", await session.PageAsync("/account"));
    }

    [Fact]
    public async Task User_add_refuses_an_unknown_role_a_taken_name_and_a_mistyped_command()
    {
        await DashboardSession.CreateUserAsync(factory, "taken", SentinelRoles.Viewer);

        var badRole = await RunAsync("add", "someone", "--role", "superuser");
        var taken = await RunAsync("add", "taken", "--role", "viewer");
        var mistyped = await RunAsync("add", "someone", "viewer");
        var tooLong = await RunAsync("add", new string('x', 65), "--role", "viewer");

        Assert.Equal((1, ""), (badRole.Exit, badRole.Output));
        Assert.Contains("The role must be one of viewer, editor, admin.", badRole.Error);
        Assert.Equal((1, ""), (taken.Exit, taken.Output));
        Assert.Contains("There is already a user named taken.", taken.Error);
        Assert.Equal((1, ""), (tooLong.Exit, tooLong.Output));
        Assert.Contains("A user name of 1 to 64 characters is required.", tooLong.Error);
        Assert.Equal(2, mistyped.Exit);
        Assert.Contains("user add NAME --role viewer|editor|admin", mistyped.Error);
    }

    [Fact]
    public async Task Reset_password_and_unlock_from_the_shell_let_a_locked_out_user_back_in()
    {
        await DashboardSession.CreateUserAsync(factory, "locked-out", SentinelRoles.Viewer);
        using var session = new DashboardSession(factory);
        for (var i = 0; i < DashboardAuthentication.MaxFailedLogins; i++)
        {
            await session.LogInAsync("locked-out", "not the password at all");
        }

        var reset = await RunAsync("reset-password", "locked-out");
        Assert.Equal(0, reset.Exit);
        var password = reset.Output.Trim();
        Assert.Contains("locked", await (await session.LogInAsync("locked-out", password)).Content.ReadAsStringAsync());

        Assert.Equal(0, (await RunAsync("unlock", "locked-out")).Exit);

        Assert.Equal(HttpStatusCode.Redirect, (await session.LogInAsync("locked-out", password)).StatusCode);
        Assert.Contains("There is no user named nobody.", (await RunAsync("unlock", "nobody")).Error);
    }

    [Fact]
    public async Task The_built_command_says_plainly_when_the_database_is_not_running()
    {
        // The api's own build output, copied beside the tests; a port nothing listens on.
        using var api = Process.Start(new ProcessStartInfo("dotnet", ["Sentinel.Api.dll", "user", "add", "nobody", "--role", "viewer"])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["ConnectionStrings__Sentinel"] = "Host=127.0.0.1;Port=1;Database=sentinel;Username=sentinel;Password=x;Timeout=5" },
        })!;
        var output = api.StandardOutput.ReadToEndAsync();
        var error = api.StandardError.ReadToEndAsync();
        await api.WaitForExitAsync();

        Assert.Equal(1, api.ExitCode);
        Assert.Equal("", await output);
        Assert.Contains("Cannot reach Sentinel's database at 127.0.0.1:1", await error);
    }

    private async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await UserCommand.RunAsync(factory.Services, args, output, error);
        return (exit, output.ToString(), error.ToString());
    }
}
