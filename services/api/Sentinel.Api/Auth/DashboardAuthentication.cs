using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Sentinel.Data;
using Sentinel.ServiceDefaults;

namespace Sentinel.Api.Auth;

/// <summary>
/// Two doors, one set of policies (<see cref="AccessPolicies"/>): a request carrying an API key is authenticated
/// by the key, any other by the dashboard's login cookie (ASP.NET Core Identity over our database).
/// </summary>
public static class DashboardAuthentication
{
    /// <summary>The default scheme: picks the key or the cookie for each request.</summary>
    public const string KeyOrCookie = "KeyOrCookie";

    public const string LoginPath = "/login";
    public const int MaxFailedLogins = 5;

    /// <summary>What a login (password or authenticator code) on a locked account is told.</summary>
    public const string LockedOutMessage =
        "This account is locked after too many failed logins. Try again in 15 minutes, or ask an admin to unlock it.";

    public static WebApplicationBuilder AddSentinelAuthentication(this WebApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(KeyOrCookie)
            .AddPolicyScheme(KeyOrCookie, null, o => o.ForwardDefaultSelector = http =>
                ApiKeyAuthentication.PresentedKey(http.Request) is null ? IdentityConstants.ApplicationScheme : ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddIdentityCookies();
        builder.Services.AddIdentityCore<DashboardUser>(o =>
            {
                // Length over composition rules (NIST SP 800-63B): a long passphrase beats "Passw0rd!".
                o.Password.RequiredLength = 12;
                o.Password.RequireDigit = o.Password.RequireLowercase = o.Password.RequireUppercase = o.Password.RequireNonAlphanumeric = false;
                o.Lockout.MaxFailedAccessAttempts = MaxFailedLogins;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.User.AllowedUserNameCharacters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._@+";
            })
            .AddEntityFrameworkStores<SentinelDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<RoleClaimsFactory>();
        builder.Services.ConfigureApplicationCookie(cookie =>
        {
            cookie.Cookie.Name = "sentinel-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Strict;
            cookie.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(12);
            cookie.SlidingExpiration = true;
            cookie.LoginPath = LoginPath;
            // A logged-in user without the role gets a plain 403, not a redirect to a page that does not exist.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        // A changed role or password, or a deleted user, reaches every open session within a minute.
        builder.Services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        builder.Services.AddAuthorizationBuilder().AddAccessPolicies();
        builder.AddValidatedOptions<DashboardOptions>(DashboardOptions.Section);
        builder.Services.AddHostedService<InitialAdmin>();
        return builder;
    }

    /// <summary>Puts the user's role in the session's claims, where the policies look for it.</summary>
    private sealed class RoleClaimsFactory(UserManager<DashboardUser> users, IOptions<IdentityOptions> options)
        : UserClaimsPrincipalFactory<DashboardUser>(users, options)
    {
        protected override async Task<ClaimsIdentity> GenerateClaimsAsync(DashboardUser user)
        {
            var identity = await base.GenerateClaimsAsync(user);
            identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
            return identity;
        }
    }
}
