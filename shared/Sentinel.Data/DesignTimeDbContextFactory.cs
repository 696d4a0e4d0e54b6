using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Sentinel.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running service.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<SentinelDbContext>
{
    public SentinelDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SentinelDbContext>()
            .UseNpgsql("Host=localhost;Database=sentinel")
            .UseSnakeCaseNamingConvention()
            .Options);
}
