using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>http://</c> and <c>https://</c>. Without conditions, up when the status code is expected (any 2xx by
/// default); with conditions, the consumer decides from what this probe saw.
/// </summary>
public sealed class HttpProbe(OutboundGuard guard) : Probe<HttpCheck>
{
    protected override async Task<string?> ProbeAsync(HttpCheck check, ProbeRun run, CancellationToken cancellationToken)
    {
        // A handler per check, with no retry or resilience handler (those would hide outages and distort latency):
        // connections are never reused anyway, and its callbacks record on this run alone. An invoker rather than an
        // HttpClient: the runner owns the timeout, so HttpClient's own linked cancellation per request is garbage
        // made on every check for nothing.
        using var client = new HttpMessageInvoker(CreateHandler(check, run), disposeHandler: true);
        using var request = new HttpRequestMessage(HttpMethod.Parse(check.Method), run.Target);
        // A fresh connection per check, as blackbox_exporter does: latency includes DNS, connect and TLS, and a
        // server that stops accepting connections is seen even while old ones still answer.
        request.Headers.ConnectionClose = true;
        foreach (var (name, value) in check.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (check.BearerToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        else if (check.BasicAuth is { } basic)
        {
            var credentials = Encoding.UTF8.GetBytes($"{basic.Username}:{basic.Password}");
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(credentials));
        }

        if (check.Body is { } body)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body));
            request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(check.ContentType ?? "application/json");
        }

        // A handler answers once the headers are in (what ResponseHeadersRead asks of an HttpClient): the body is read
        // below only when a condition needs it.
        using var response = await client.SendAsync(request, cancellationToken);
        run.Answered();
        var status = (int)response.StatusCode;
        run.StatusCode = status;
        if (run.ReadBody)
        {
            run.Body = await ReadBodyAsync(response.Content, cancellationToken);
            if (run.Body is null)
            {
                return $"the body is larger than {ProbeRun.MaxBodyBytes / (1024 * 1024)} MiB, the most [BODY] conditions read";
            }
        }

        return check.Conditions.Count == 0 && !check.Expects(status)
            ? $"unexpected status code {status}"
            : null;
    }

    private SocketsHttpHandler CreateHandler(HttpCheck check, ProbeRun run)
    {
        var handler = GuardedHttpHandler.Create(guard, run, check.VerifyTls);
        handler.AllowAutoRedirect = check.FollowRedirects;
        handler.MaxAutomaticRedirections = 5;
        return handler;
    }

    /// <summary>The body as UTF-8 text, or null when it is larger than <see cref="ProbeRun.MaxBodyBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpContent content, CancellationToken cancellationToken)
    {
        await using var stream = await content.ReadAsStreamAsync(cancellationToken);
        // Grown as the body arrives: most health bodies are tiny, and a 1 MiB buffer per check would weigh on the GC.
        using var body = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (body.Length + read > ProbeRun.MaxBodyBytes)
            {
                return null;
            }

            body.Write(chunk, 0, read);
        }

        return Encoding.UTF8.GetString(body.GetBuffer(), 0, (int)body.Length);
    }
}
