using Sentinel.Contracts;

namespace Sentinel.Checker.Probes;

/// <summary><c>http://</c> and <c>https://</c>: up when the status code is expected (any 2xx by default).</summary>
public sealed class HttpProbe(HttpClient client) : IProbe
{
    public string Kind => "http";

    public bool Handles(Uri target) => target.Scheme is "http" or "https";

    public async Task<ProbeOutcome> ProbeAsync(RunCheck check, Uri target, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(check.Method), target);
        // A fresh connection per check, as blackbox_exporter does: latency includes DNS, connect and TLS, and a
        // server that stops accepting connections is seen even while old ones still answer.
        request.Headers.ConnectionClose = true;
        foreach (var (name, value) in check.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var status = (int)response.StatusCode;
        return IsExpected(status, check.ExpectedStatusCodes)
            ? ProbeOutcome.Up(status)
            : ProbeOutcome.Down($"unexpected status code {status}", status);
    }

    private static bool IsExpected(int status, IReadOnlyList<int> expected) =>
        expected.Count == 0 ? status is >= 200 and < 300 : expected.Contains(status);
}
