namespace Sentinel.Api.Dashboard;

/// <summary>Light or dark, as the user chose with the header's switch; unset follows the system's setting.</summary>
public static class Theme
{
    public const string Cookie = "sentinel-theme";
    public const string Dark = "dark";
    public const string Light = "light";

    public static string? Chosen(HttpContext? http) =>
        http?.Request.Cookies[Cookie] is Dark or Light ? http.Request.Cookies[Cookie] : null;
}
