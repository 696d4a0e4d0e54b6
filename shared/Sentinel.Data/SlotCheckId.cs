using System.Buffers.Binary;
using System.Security.Cryptography;
using Sentinel.ServiceDefaults;

namespace Sentinel.Data;

/// <summary>
/// The check id of one due slot of a monitor in one region: the same (monitor, due time, region) always gets the
/// same id. A check sent again after its claim rolled back (the broker had taken it, but confirmed too late) is then
/// the same check, and the recorder, which keys results by check id, records it once. Computed by the scheduler,
/// which sends the checks, and by the recorder, which keys a due time's verdict by <see cref="ForVerdict"/>.
/// </summary>
/// <remarks>
/// An RFC 9562 version 8 UUID laid out as a version 7 one: the due time's Unix milliseconds first, so the ids of
/// recent checks sit together in the results' primary key index (as NewId's time-ordered ids did), then 74 bits of
/// a SHA-256 of the monitor id and the due time's ticks.
/// </remarks>
public static class SlotCheckId
{
    /// <summary>The check of the default region (the id every check had before regions, so it stays the same).</summary>
    /// <param name="scheduledAt">The due time, UTC (as read from a <c>timestamptz</c>).</param>
    public static Guid For(Guid monitorId, DateTime scheduledAt) => Hashed(monitorId, scheduledAt, "");

    /// <summary>The check of <paramref name="region"/>.</summary>
    public static Guid For(Guid monitorId, DateTime scheduledAt, string region) =>
        Hashed(monitorId, scheduledAt, region == RegionNames.Default ? "" : region);

    /// <summary>
    /// The due time's verdict, for a monitor checked from several regions: the check id its transition records, so a
    /// redelivered result of any region finds the transition and publishes it again. No region is named "*".
    /// </summary>
    public static Guid ForVerdict(Guid monitorId, DateTime scheduledAt) => Hashed(monitorId, scheduledAt, "*");

    private static Guid Hashed(Guid monitorId, DateTime scheduledAt, string region)
    {
        Span<byte> name = stackalloc byte[24 + System.Text.Encoding.UTF8.GetMaxByteCount(region.Length)];
        monitorId.TryWriteBytes(name, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(name[16..], scheduledAt.Ticks);
        var length = 24 + System.Text.Encoding.UTF8.GetBytes(region, name[24..]);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(name[..length], hash);

        Span<byte> id = stackalloc byte[16];
        var unixMilliseconds = (scheduledAt.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        BinaryPrimitives.WriteInt64BigEndian(id[..8], unixMilliseconds << 16);
        hash[..10].CopyTo(id[6..]);
        id[6] = (byte)(0x80 | (id[6] & 0x0F)); // version 8
        id[8] = (byte)(0x80 | (id[8] & 0x3F)); // RFC 9562 variant
        return new Guid(id, bigEndian: true);
    }
}
