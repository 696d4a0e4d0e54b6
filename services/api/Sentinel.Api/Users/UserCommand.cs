using Npgsql;
using Sentinel.Data;

namespace Sentinel.Api.Users;

/// <summary>
/// The <c>user</c> command of the api binary (<c>./sentinel user …</c> runs it): dashboard users from a shell,
/// through the same <see cref="UserAccounts"/> as the <c>/users</c> page. A generated password goes to standard
/// output, alone on its line, once; everything else to standard error.
/// </summary>
public static class UserCommand
{
    public const string Usage = """
        Usage: user add NAME --role viewer|editor|admin   create a user and print its generated password
               user reset-password NAME                  give the user a new generated password and print it
               user unlock NAME                          lift a lockout after failed logins
        """;

    /// <summary>Runs the command; the answer is the process's exit code (0 done, 1 refused or failed, 2 bad usage).</summary>
    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        try
        {
            switch (args)
            {
                case ["add", var name, "--role", var role]:
                    return Report(await accounts.AddAsync(name, role), $"Created {role} {name}. Password (shown only now):", output, error);
                case ["reset-password", var name]:
                    return await FindAsync(accounts, name, error) is { } user
                        ? Report(await accounts.ResetPasswordAsync(user.Id), $"New password for {name} (shown only now):", output, error)
                        : 1;
                case ["unlock", var name]:
                    return await FindAsync(accounts, name, error) is { } locked
                        ? Report(await accounts.UnlockAsync(locked.Id), $"Unlocked {name}.", output, error)
                        : 1;
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (Exception e) when (e is NpgsqlException || e.InnerException is NpgsqlException)
        {
            var database = new NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<IConfiguration>().GetConnectionString(DatabaseExtensions.ConnectionStringName));
            await error.WriteLineAsync(
                $"Cannot reach Sentinel's database at {database.Host}:{database.Port} ({(e as NpgsqlException ?? e.InnerException)!.Message}). Is it running? ./sentinel up starts it.");
            return 1;
        }
    }

    private static async Task<DashboardUser?> FindAsync(UserAccounts accounts, string name, TextWriter error)
    {
        var user = await accounts.FindByNameAsync(name);
        if (user is null)
        {
            await error.WriteLineAsync($"There is no user named {name}.");
        }

        return user;
    }

    private static int Report(UserChange change, string done, TextWriter output, TextWriter error)
    {
        if (!change.Succeeded)
        {
            error.WriteLine(change.Error);
            return 1;
        }

        error.WriteLine(done);
        if (change.Password is not null)
        {
            output.WriteLine(change.Password);
        }

        return 0;
    }
}
