using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Identity;
using Sentinel.Api.Auth;
using Sentinel.Api.Dashboard.Monitors;
using Sentinel.Api.Live;
using Sentinel.Data;

namespace Sentinel.Api.Dashboard;

/// <summary>The dashboard's pages (Razor components, rendered on the server) and its few form-only actions.</summary>
public static class DashboardEndpoints
{
    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        app.MapStatusEvents().RequireAuthorization(AccessPolicies.Read);
        var actions = app.MapGroup("").ExcludeFromDescription()
            .WithMetadata(new RequireAntiforgeryTokenAttribute())
            .AddEndpointFilter<FormActionAntiforgery>();
        actions.MapPost("/logout", async (SignInManager<DashboardUser> signIn) =>
        {
            await signIn.SignOutAsync();
            return Results.LocalRedirect(DashboardAuthentication.LoginPath);
        });
        actions.MapMonitorActions();
        // Open to anyone: the login page has the switch too. The cookie is only a display preference.
        actions.MapPost("/theme", (HttpContext http, [Microsoft.AspNetCore.Mvc.FromForm] string? theme, [Microsoft.AspNetCore.Mvc.FromForm] string? returnUrl) =>
        {
            http.Response.Cookies.Append(Theme.Cookie, theme == Theme.Dark ? Theme.Dark : Theme.Light, new CookieOptions
            {
                HttpOnly = true,
                SameSite = SameSiteMode.Strict,
                Secure = http.Request.IsHttps,
                MaxAge = TimeSpan.FromDays(400),
            });
            return Results.LocalRedirect(LocalPath(returnUrl));
        }).AllowAnonymous();
        return app;
    }

    /// <summary>A return address that stays on this site: anything else goes home.</summary>
    public static string LocalPath(string? url) =>
        url is { Length: > 0 } && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\')) ? url : "/";
}
