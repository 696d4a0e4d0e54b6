using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sentinel.Scheduler.Dispatch;

/// <summary>
/// The check id of one due slot of a monitor: the same (monitor, due time) always gets the same id. A check sent
/// again after its claim rolled back (the broker had taken it, but confirmed too late) is then the same check, and
/// the recorder, which keys results by check id, records it once.
/// </summary>
/// <remarks>
/// An RFC 9562 version 8 UUID laid out as a version 7 one: the due time's Unix milliseconds first, so the ids of
/// recent checks sit together in the results' primary key index (as NewId's time-ordered ids did), then 74 bits of
/// a SHA-256 of the monitor id and the due time's ticks.
/// </remarks>
public static class SlotCheckId
{
    /// <param name="scheduledAt">The due time, UTC (as read from a <c>timestamptz</c>).</param>
    public static Guid For(Guid monitorId, DateTime scheduledAt)
    {
        Span<byte> name = stackalloc byte[24];
        monitorId.TryWriteBytes(name, bigEndian: true, out _);
        BinaryPrimitives.WriteInt64BigEndian(name[16..], scheduledAt.Ticks);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(name, hash);

        Span<byte> id = stackalloc byte[16];
        var unixMilliseconds = (scheduledAt.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerMillisecond;
        BinaryPrimitives.WriteInt64BigEndian(id[..8], unixMilliseconds << 16);
        hash[..10].CopyTo(id[6..]);
        id[6] = (byte)(0x80 | (id[6] & 0x0F)); // version 8
        id[8] = (byte)(0x80 | (id[8] & 0x3F)); // RFC 9562 variant
        return new Guid(id, bigEndian: true);
    }
}
