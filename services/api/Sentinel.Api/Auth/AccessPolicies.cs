using Microsoft.AspNetCore.Authorization;

namespace Sentinel.Api.Auth;

/// <summary>
/// What a caller may do, the same for both doors: the REST API (an API key) and the dashboard (a login cookie).
/// Each policy asks for a role; how the caller came by it is the authentication scheme's business.
/// </summary>
public static class AccessPolicies
{
    public const string Read = "read";
    public const string Write = "write";
    public const string Admin = "admin";

    /// <summary>The REST API: authenticated by key only, and reads need <see cref="Read"/>, changes <see cref="Write"/>.</summary>
    public const string Api = "api";

    public static AuthorizationBuilder AddAccessPolicies(this AuthorizationBuilder policies) => policies
        .AddPolicy(Read, p => p.RequireRole(SentinelRoles.AtLeast(SentinelRoles.Viewer)))
        .AddPolicy(Write, p => p.RequireRole(SentinelRoles.AtLeast(SentinelRoles.Editor)))
        .AddPolicy(Admin, p => p.RequireRole(SentinelRoles.AtLeast(SentinelRoles.Admin)))
        .AddPolicy(Api, p => p
            .AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => context.User.Allows(
                context.Resource is HttpContext http && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
                    ? SentinelRoles.Viewer
                    : SentinelRoles.Editor)));
}
