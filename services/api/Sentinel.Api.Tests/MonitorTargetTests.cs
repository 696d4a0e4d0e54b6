using Sentinel.Api.Monitors;

namespace Sentinel.Api.Tests;

public sealed class MonitorTargetTests
{
    [Theory]
    [InlineData("https://shop.example/health")]
    [InlineData("http://10.0.0.5:8080/ready?deep=1")]
    [InlineData("http://[::1]:9000/")]
    [InlineData("tcp://db.internal:5432")]
    public void Http_and_tcp_targets_are_accepted(string url) => Assert.Null(MonitorTarget.Validate(url));

    [Theory]
    [InlineData(null, "required")]
    [InlineData("", "required")]
    [InlineData("shop.example/health", "not an absolute URL")]
    [InlineData("https://", "not an absolute URL")]
    [InlineData("ftp://files.example/", "Unsupported scheme 'ftp'")]
    [InlineData("file:///etc/passwd", "not an absolute URL with a host")]
    [InlineData("tcp://db.internal", "needs a port")]
    [InlineData("tcp://db.internal:5432/path", "host and port only")]
    public void Other_targets_are_refused_with_the_reason(string? url, string reason) =>
        Assert.Contains(reason, MonitorTarget.Validate(url));
}
