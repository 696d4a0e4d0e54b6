using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Sentinel.Data;
using Sentinel.Testing;

namespace Sentinel.Pipeline.Tests.Dashboard;

/// <summary>
/// Dashboard users made straight in the system's database with Identity's own UserManager (the api runs as another
/// process, so its services are out of reach): the same hash and lockout columns the api's would write.
/// </summary>
public static class DashboardUsers
{
    public const string Password = "Correct horse battery staple 7";

    /// <summary>A user named <paramref name="prefix"/> and a fresh suffix, with <see cref="Password"/>; returns its name.</summary>
    /// <remarks>The password passes both the api's rules and Identity's default ones, which this UserManager applies.</remarks>
    public static async Task<string> CreateAsync(TestDatabase database, string prefix, string role)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddDbContext<SentinelDbContext>(o => o.UseSentinelDatabase(database.DataSource));
        services.AddIdentityCore<DashboardUser>().AddEntityFrameworkStores<SentinelDbContext>();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<DashboardUser>>();
        var name = $"{prefix}-{Guid.NewGuid().ToString("N")[..6]}";
        var created = await users.CreateAsync(new DashboardUser { Id = Guid.CreateVersion7(), UserName = name, Role = role, CreatedAt = DateTime.UtcNow }, Password);
        Assert.True(created.Succeeded, string.Join(" ", created.Errors.Select(e => e.Description)));
        return name;
    }
}
