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

    /// <summary>
    /// The same for status pages, which run no script at all and may show their logo from any https address (the
    /// page's owner gives it, and <c>img-src</c> loads nothing that can run).
    /// </summary>
    public const string PublicContentSecurityPolicy =
        "default-src 'self'; script-src 'none'; style-src 'self'; img-src 'self' data: https:; connect-src 'none'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

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
