using System.Buffers.Binary;

namespace Sentinel.Api.Monitors;

/// <summary>Position in a monitor's history: the (checked at, check id) of the last item served, opaque to clients.</summary>
public readonly record struct HistoryCursor(DateTime CheckedAt, Guid CheckId)
{
    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CheckedAt.Ticks);
        CheckId.TryWriteBytes(bytes[8..]);
        return Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public static bool TryDecode(string? text, out HistoryCursor cursor)
    {
        cursor = default;
        if (text is not { Length: 32 })
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[24];
        if (!Convert.TryFromBase64String(text.Replace('-', '+').Replace('_', '/'), bytes, out var written) || written != 24)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks)
        {
            return false;
        }

        cursor = new HistoryCursor(new DateTime(ticks, DateTimeKind.Utc), new Guid(bytes[8..]));
        return true;
    }
}
