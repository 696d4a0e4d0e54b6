using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// Renders the public Razor components to bytes outside any request's component pipeline, so a status page can be
/// rendered once and served many times. Razor encodes every value it writes, so user text stays text.
/// </summary>
public sealed class PublicHtml(IServiceScopeFactory scopes, ILoggerFactory loggers)
{
    public async Task<byte[]> RenderAsync<TComponent>(Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        // The renderer wants a scope of its own (components may take scoped services), never a request's.
        await using var scope = scopes.CreateAsyncScope();
        await using var renderer = new HtmlRenderer(scope.ServiceProvider, loggers);
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var output = await renderer.RenderComponentAsync<TComponent>(ParameterView.FromDictionary(parameters));
            using var writer = new StringWriter(new StringBuilder(64 * 1024));
            output.WriteHtmlTo(writer);
            return writer.ToString();
        });
        return Encoding.UTF8.GetBytes(html);
    }

    /// <summary>A rendered page as a response, for the pages rendered per request (password form, not found).</summary>
    public async Task WriteAsync<TComponent>(HttpContext http, int statusCode, Dictionary<string, object?> parameters) where TComponent : IComponent
    {
        var body = await RenderAsync<TComponent>(parameters);
        http.Response.StatusCode = statusCode;
        http.Response.ContentType = "text/html; charset=utf-8";
        http.Response.Headers.CacheControl = "private, no-store";
        http.Response.Headers.ContentSecurityPolicy = Dashboard.SecurityHeaders.PublicContentSecurityPolicy;
        await http.Response.Body.WriteAsync(body, http.RequestAborted);
    }
}
