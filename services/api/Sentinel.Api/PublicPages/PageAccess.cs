using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Sentinel.Api.Auth;
using Sentinel.Data;

namespace Sentinel.Api.PublicPages;

/// <summary>
/// Who may read a private status page: for "password", whoever holds the cookie that page's form gave them (one
/// cookie per page, bound to the password it was given for, so a new password shuts out old cookies); for "users",
/// whoever the dashboard's policies let read.
/// </summary>
public sealed class PageAccess(IDataProtectionProvider protection, IAuthorizationService authorization)
{
    /// <summary>How long a page's cookie lets its holder in.</summary>
    public static readonly TimeSpan CookieLifetime = TimeSpan.FromDays(30);

    private readonly ITimeLimitedDataProtector _protector =
        protection.CreateProtector("Sentinel.StatusPages.Password").ToTimeLimitedDataProtector();

    public static string CookieName(Guid pageId) => $"sentinel-page-{pageId:N}";

    public async Task<bool> AllowsAsync(HttpContext http, StatusPageVisibility visibility, Guid pageId, string? passwordHash) => visibility switch
    {
        StatusPageVisibility.Public => true,
        StatusPageVisibility.Password => HoldsCookie(http, pageId, passwordHash),
        _ => (await authorization.AuthorizeAsync(http.User, AccessPolicies.Read)).Succeeded,
    };

    /// <summary>Gives the browser the page's cookie, after the right password.</summary>
    public void GrantCookie(HttpContext http, Guid pageId, string passwordHash) =>
        http.Response.Cookies.Append(CookieName(pageId), _protector.Protect(Claim(pageId, passwordHash), CookieLifetime), new CookieOptions
        {
            HttpOnly = true,
            // Lax, not Strict: a link to the page from elsewhere (a chat message) should open it without the form.
            SameSite = SameSiteMode.Lax,
            Secure = http.Request.IsHttps,
            MaxAge = CookieLifetime,
            Path = "/",
        });

    private bool HoldsCookie(HttpContext http, Guid pageId, string? passwordHash)
    {
        if (passwordHash is null || http.Request.Cookies[CookieName(pageId)] is not { Length: > 0 } cookie)
        {
            return false;
        }

        try
        {
            return CryptographicOperations.FixedTimeEquals(
                Encoding.UTF8.GetBytes(_protector.Unprotect(cookie)), Encoding.UTF8.GetBytes(Claim(pageId, passwordHash)));
        }
        catch (CryptographicException)
        {
            return false;
        }
    }

    /// <summary>The page and a digest of its password's hash: the cookie stops working when either changes.</summary>
    private static string Claim(Guid pageId, string passwordHash) =>
        $"{pageId:N}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(passwordHash)))}";
}
