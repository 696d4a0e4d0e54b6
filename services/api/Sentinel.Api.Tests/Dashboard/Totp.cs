using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Sentinel.Api.Tests.Dashboard;

/// <summary>
/// What an authenticator app computes (RFC 6238: HMAC-SHA1 over 30-second steps, 6 digits; RFC 4226 truncation)
/// from the key the account page shows: written from the RFCs, so the tests check Sentinel against the standard
/// rather than against itself.
/// </summary>
public static class Totp
{
    public static string Code(string shownKey, DateTimeOffset at)
    {
        var step = at.ToUnixTimeSeconds() / 30;
        var counter = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counter, step);
        var hash = HMACSHA1.HashData(Base32(shownKey), counter);
        var offset = hash[^1] & 0x0f;
        var binary = (BinaryPrimitives.ReadInt32BigEndian(hash.AsSpan(offset)) & 0x7fffffff) % 1_000_000;
        return binary.ToString("D6");
    }

    /// <summary>RFC 4648 base32, read the lenient way apps do: any case, spaces ignored.</summary>
    private static byte[] Base32(string text)
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        var bytes = new List<byte>();
        int buffer = 0, bits = 0;
        foreach (var c in text.ToUpperInvariant().Where(c => c is not (' ' or '=')))
        {
            var value = alphabet.IndexOf(c);
            Assert.True(value >= 0, $"'{c}' is not a base32 character");
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8)
            {
                bits -= 8;
                bytes.Add((byte)(buffer >> bits));
                buffer &= (1 << bits) - 1;
            }
        }

        return [.. bytes];
    }
}
