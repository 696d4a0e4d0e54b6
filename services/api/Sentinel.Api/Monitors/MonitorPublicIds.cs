using System.Buffers.Text;
using System.Security.Cryptography;

namespace Sentinel.Api.Monitors;

/// <summary>
/// A public monitor's id in badge addresses: 128 random bits, base64url (22 characters), so a badge names neither the
/// monitor's own id nor a guessable neighbour.
/// </summary>
public static class MonitorPublicIds
{
    public static string Create() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(16));

    /// <summary>Where a public monitor's badges are, as the public pages serve them.</summary>
    public static string StatusBadgePath(string publicId) => $"/badge/{publicId}/status.svg";

    public static string UptimeBadgePath(string publicId) => $"/badge/{publicId}/uptime.svg";
}
