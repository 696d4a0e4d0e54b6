using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Sentinel.Api.Monitors;

/// <summary>Position in a monitor's history: the (checked at, check id) of the last item served, opaque to clients.</summary>
public readonly record struct HistoryCursor(DateTime CheckedAt, Guid CheckId)
{
    /// <summary>Characters in an encoded cursor: 24 bytes in base64url.</summary>
    public const int Length = 32;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, CheckedAt.Ticks);
        CheckId.TryWriteBytes(bytes[8..]);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, out HistoryCursor cursor)
    {
        cursor = default;
        if (text is not { Length: Length })
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[24];
        // The OperationStatus overload, since TryDecodeFromChars throws on a character outside the alphabet.
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done || written != 24)
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
