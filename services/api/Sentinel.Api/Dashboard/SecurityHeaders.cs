namespace Sentinel.Api.Dashboard;

/// <summary>
/// A Content-Security-Policy that lets a page run only our own script and style files: text a user typed that
/// somehow reached the markup still could not run. Not on <c>/docs</c>, whose API reference is a script bundle
/// with inline parts of its own.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next)
{
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public Task InvokeAsync(HttpContext http)
    {
        var headers = http.Response.Headers;
        if (!http.Request.Path.StartsWithSegments("/docs"))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }

        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "same-origin";
        return next(http);
    }
}
