using System.Buffers;
using System.Buffers.Binary;
using System.Buffers.Text;

namespace Sentinel.Api.Monitors;

/// <summary>
/// Position in a monitor's history: the due time and region number of the last item served (the results' key past
/// the monitor), opaque to clients. A cursor of the earlier (checked at, check id) form has another length and is
/// refused as any foreign text is.
/// </summary>
public readonly record struct HistoryCursor(DateTime ScheduledAt, short RegionNumber)
{
    /// <summary>Characters in an encoded cursor: 10 bytes in base64url, unpadded.</summary>
    public const int Length = 14;

    private const int Bytes = 10;

    public string Encode()
    {
        Span<byte> bytes = stackalloc byte[Bytes];
        BinaryPrimitives.WriteInt64BigEndian(bytes, ScheduledAt.Ticks);
        BinaryPrimitives.WriteInt16BigEndian(bytes[8..], RegionNumber);
        return Base64Url.EncodeToString(bytes);
    }

    public static bool TryDecode(string? text, out HistoryCursor cursor)
    {
        cursor = default;
        if (text is not { Length: Length })
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[Bytes];
        // The OperationStatus overload, since TryDecodeFromChars throws on a character outside the alphabet.
        if (Base64Url.DecodeFromChars(text, bytes, out _, out var written) != OperationStatus.Done || written != Bytes)
        {
            return false;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        var region = BinaryPrimitives.ReadInt16BigEndian(bytes[8..]);
        if (ticks < DateTime.MinValue.Ticks || ticks > DateTime.MaxValue.Ticks || region < 1)
        {
            return false;
        }

        cursor = new HistoryCursor(new DateTime(ticks, DateTimeKind.Utc), region);
        return true;
    }
}
