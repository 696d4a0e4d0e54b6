using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Sentinel.Data;

namespace Sentinel.Api.Auth;

/// <summary>
/// On a database with no user, creates the first admin from <see cref="DashboardOptions.InitialAdminPassword"/>,
/// so a fresh install can be logged in to. Never touches an existing user: changing that password in the settings
/// later changes nothing.
/// </summary>
internal sealed class InitialAdmin(IServiceScopeFactory scopes, IOptions<DashboardOptions> options, ILogger<InitialAdmin> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.InitialAdminPassword is not { } password)
        {
            return;
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        if (await users.Users.AnyAsync(cancellationToken))
        {
            return;
        }

        var name = options.Value.InitialAdminName;
        var admin = new DashboardUser { Id = Guid.CreateVersion7(), UserName = name, Role = SentinelRoles.Admin, CreatedAt = DateTime.UtcNow };
        var created = await users.CreateAsync(admin, password);
        // Another api replica starting at the same time may have created it first: the unique name says so.
        if (created.Succeeded || created.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.DuplicateUserName)))
        {
            logger.LogInformation("Dashboard user {Name} (admin) is ready", name);
            return;
        }

        throw new InvalidOperationException($"Cannot create the first admin {name}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
