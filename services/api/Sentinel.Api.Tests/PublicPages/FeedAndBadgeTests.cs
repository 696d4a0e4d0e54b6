using System.IO.Compression;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Sentinel.Api.Tests.Dashboard;
using Sentinel.Contracts;
using Sentinel.Data;

namespace Sentinel.Api.Tests.PublicPages;

/// <summary>The page's Atom feed, badges, and the HTTP caching that lets a page serve thousands of visitors.</summary>
public sealed class FeedAndBadgeTests(PublicPagesFactory api) : IClassFixture<PublicPagesFactory>
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private readonly StatusPageSeed _seed = new(api);
    private readonly HttpClient _visitor = api.Visitor();

    [Fact]
    public async Task The_feed_is_atom_with_an_entry_per_incident_of_the_page()
    {
        var monitor = await _seed.MonitorAsync("feed-api", MonitorState.Up);
        var other = await _seed.MonitorAsync("feed-other", MonitorState.Up);
        var open = await _seed.IncidentAsync("Payments delayed", IncidentImpact.Major, [monitor.Id],
            (IncidentStatus.Investigating, "Card payments take minutes."), (IncidentStatus.Identified, "A provider is slow."));
        var resolved = await _seed.IncidentAsync("Emails late", IncidentImpact.Minor, [monitor.Id, other.Id], (IncidentStatus.Resolved, "Delivered now."));
        await _seed.IncidentAsync("Not ours", IncidentImpact.Minor, [other.Id], (IncidentStatus.Investigating, "Elsewhere."));
        var page = await _seed.PageAsync(StatusPageSeed.Unique("feed"), [("All", [(monitor, "API")])]);

        var response = await _visitor.GetAsync($"/status/{page.Slug}/feed.atom");
        var feed = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;

        Assert.Equal("application/atom+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal(Atom + "feed", feed.Name);
        Assert.Equal($"urn:uuid:{page.Id}", feed.Element(Atom + "id")!.Value);
        Assert.Equal($"{page.Title}: incidents", feed.Element(Atom + "title")!.Value);
        Assert.True(DateTime.TryParse(feed.Element(Atom + "updated")!.Value, out _));
        Assert.NotNull(feed.Element(Atom + "author")?.Element(Atom + "name"));
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "self" && (string?)l.Attribute("href") == $"/status/{page.Slug}/feed.atom");
        Assert.Contains(feed.Elements(Atom + "link"), l => (string?)l.Attribute("rel") == "alternate" && (string?)l.Attribute("href") == $"/status/{page.Slug}");
        var entries = feed.Elements(Atom + "entry").ToList();
        Assert.Equal(new[] { $"urn:uuid:{resolved.Id}", $"urn:uuid:{open.Id}" }.Order(), entries.Select(e => e.Element(Atom + "id")!.Value).Order());
        var payments = entries.Single(e => e.Element(Atom + "title")!.Value == "Payments delayed");
        Assert.True(DateTime.TryParse(payments.Element(Atom + "updated")!.Value, out _));
        Assert.Equal($"/status/{page.Slug}#incident-{open.Id}", payments.Element(Atom + "link")!.Attribute("href")!.Value);
        Assert.Contains("A provider is slow.", payments.Element(Atom + "content")!.Value);
        Assert.Contains("Card payments take minutes.", payments.Element(Atom + "content")!.Value);
    }

    [Fact]
    public async Task A_status_badge_of_a_public_monitor_is_an_svg_with_a_title()
    {
        var publicId = "pub" + Guid.NewGuid().ToString("N")[..22];
        await _seed.MonitorAsync("badge-secret-name", MonitorState.Down, publicId: publicId);

        var response = await _visitor.GetAsync($"/badge/{publicId}/status.svg");
        var svg = XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!;
        var labelled = XDocument.Parse(await _visitor.TextAsync($"/badge/{publicId}/status.svg?label={Uri.EscapeDataString("API <prod> & co")}")).Root!;

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("image/svg+xml", response.Content.Headers.ContentType!.MediaType);
        Assert.Equal("public, max-age=60", response.Headers.CacheControl!.ToString());
        Assert.Equal(Svg + "svg", svg.Name);
        Assert.Equal("status: down", svg.Element(Svg + "title")!.Value);
        Assert.DoesNotContain("badge-secret-name", svg.ToString());
        Assert.Equal("API <prod> & co: down", labelled.Element(Svg + "title")!.Value);
    }

    [Fact]
    public async Task An_uptime_badge_shows_the_window_asked_for_and_refuses_another()
    {
        var publicId = "pub" + Guid.NewGuid().ToString("N")[..22];
        var monitor = await _seed.MonitorAsync("uptime-badge", MonitorState.Up, publicId: publicId);
        var hour = CheckRollup.HourOf(DateTime.UtcNow).AddHours(-2);
        await _seed.AddAsync(DashboardSeed.Rollup(monitor.Id, hour, 1000, 995, 10));

        var week = XDocument.Parse(await _visitor.TextAsync($"/badge/{publicId}/uptime.svg?window=7d")).Root!;
        var month = XDocument.Parse(await _visitor.TextAsync($"/badge/{publicId}/uptime.svg")).Root!;
        var wrong = await _visitor.GetAsync($"/badge/{publicId}/uptime.svg?window=1y");

        Assert.Equal("uptime 7d: 99.5 %", week.Element(Svg + "title")!.Value);
        Assert.Equal("uptime 30d: 99.5 %", month.Element(Svg + "title")!.Value);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("window", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_monitor_not_marked_public_has_no_badge()
    {
        var monitor = await _seed.MonitorAsync("private-badge", MonitorState.Up);

        Assert.Equal(HttpStatusCode.NotFound, (await _visitor.GetAsync($"/badge/{monitor.Id}/status.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _visitor.GetAsync($"/badge/{monitor.Id:N}/uptime.svg")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _visitor.GetAsync("/badge/never-issued-id-000000000/status.svg")).StatusCode);
    }

    [Fact]
    public async Task A_visitor_holding_the_page_gets_304_and_compressed_bodies_are_compressed_once()
    {
        var monitor = await _seed.MonitorAsync("etag", MonitorState.Up);
        var page = await _seed.PageAsync(StatusPageSeed.Unique("etag"), [("All", [(monitor, "API")])]);
        var plain = await _visitor.GetAsync($"/status/{page.Slug}");
        var html = await plain.Content.ReadAsStringAsync();

        using var conditional = new HttpRequestMessage(HttpMethod.Get, $"/status/{page.Slug}");
        conditional.Headers.IfNoneMatch.Add(plain.Headers.ETag!);
        var notModified = await _visitor.SendAsync(conditional);

        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync());
        foreach (var (encoding, decompress) in new (string, Func<Stream, Stream>)[]
                 {
                     ("br", s => new BrotliStream(s, CompressionMode.Decompress)),
                     ("gzip", s => new GZipStream(s, CompressionMode.Decompress)),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/status/{page.Slug}");
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            var response = await _visitor.SendAsync(request);
            Assert.Equal([encoding], response.Content.Headers.ContentEncoding);
            Assert.Contains("Accept-Encoding", response.Headers.Vary);
            await using var body = decompress(await response.Content.ReadAsStreamAsync());
            using var reader = new StreamReader(body, Encoding.UTF8);
            Assert.Equal(html, await reader.ReadToEndAsync());

            using var again = new HttpRequestMessage(HttpMethod.Get, $"/status/{page.Slug}");
            again.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(encoding));
            again.Headers.IfNoneMatch.Add(response.Headers.ETag!);
            Assert.Equal(HttpStatusCode.NotModified, (await _visitor.SendAsync(again)).StatusCode);
        }
    }
}
