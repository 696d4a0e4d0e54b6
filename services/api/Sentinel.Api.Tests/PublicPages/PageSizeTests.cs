using System.Net.Http.Headers;
using Xunit.Abstractions;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

public sealed class PageSizeTests(PublicPagesFactory api, ITestOutputHelper output) : IClassFixture<PublicPagesFactory>
{
    private const int Monitors = 200;
    private const int MaxCompressedBytes = 100 * 1024;

    [Fact]
    public async Task A_page_of_200_monitors_with_90_day_bars_stays_under_100_KB_compressed()
    {
        var seed = new StatusPageSeed(api);
        var monitors = new List<MonitorDefinition>();
        for (var i = 0; i < Monitors; i++)
        {
            monitors.Add(await seed.MonitorAsync($"size-{i}", i % 17 == 0 ? MonitorState.Down : MonitorState.Up));
        }

        // One rollup a day is enough for a day's figure; every fifth day has a different, uneven one, so the bars are
        // not all alike (which would compress better than a real page).
        var today = DateTime.UtcNow.Date;
        var random = new Random(14);
        var rollups = new List<object>();
        foreach (var monitor in monitors)
        {
            for (var day = 0; day < 90; day++)
            {
                var checks = 1440;
                rollups.Add(DashboardSeed.Rollup(monitor.Id, today.AddDays(-day).AddHours(12), checks,
                    random.Next(5) == 0 ? checks - random.Next(1, 200) : checks, 30));
            }
        }

        await seed.AddAsync([.. rollups]);
        var page = await seed.PageAsync(StatusPageSeed.Unique("size"), Enumerable.Range(0, 10)
            .Select(g => ($"Region {g}", monitors.Skip(g * 20).Take(20).Select((m, i) => (m, $"Service {g}-{i} with a longish public name")))));
        using var visitor = api.Visitor();

        foreach (var encoding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/status/{page.Slug}");
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await visitor.SendAsync(request);
            var size = (await response.Content.ReadAsByteArrayAsync()).Length;
            output.WriteLine($"{encoding}: {size:N0} bytes");
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.True(size < MaxCompressedBytes, $"{encoding}: {size:N0} bytes");
        }

        var plain = await visitor.TextAsync($"/status/{page.Slug}");
        output.WriteLine($"plain: {plain.Length:N0} characters");
        Assert.Equal(Monitors, StatusPageTests.Rows(plain).Count);
    }
}
