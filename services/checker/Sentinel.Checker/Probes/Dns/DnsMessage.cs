using System.Buffers.Binary;
using System.Net;
using System.Text;
using Sentinel.Checks.Kinds;

namespace Sentinel.Checker.Probes.Dns;

/// <summary>One record of an answer: its type on the wire and its data as text.</summary>
public sealed record DnsRecord(ushort Type, string Data);

/// <summary>A decoded DNS response: its id, response code and the records of its answer section.</summary>
public sealed record DnsResponse(ushort Id, string Rcode, IReadOnlyList<DnsRecord> Answers);

/// <summary>
/// The little of the DNS wire format (RFC 1035) a check needs: a one-question query to encode, and a response's
/// header and answer section to decode, names compressed or not.
/// </summary>
public static class DnsMessage
{
    private const ushort ClassIn = 1;
    private const int HeaderLength = 12;
    private const int MaxPointers = 64;

    private static readonly string[] Rcodes =
        ["NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN", "NOTIMP", "REFUSED", "YXDOMAIN", "YXRRSET", "NXRRSET", "NOTAUTH", "NOTZONE"];

    /// <summary>A query for <paramref name="name"/>'s <paramref name="type"/> records, recursion desired.</summary>
    public static byte[] EncodeQuery(ushort id, string name, DnsType type)
    {
        var labels = name.TrimEnd('.').Split('.');
        var message = new byte[HeaderLength + labels.Sum(l => l.Length + 1) + 1 + 4];
        BinaryPrimitives.WriteUInt16BigEndian(message, id);
        message[2] = 0x01; // RD: the resolver should recurse.
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(4), 1); // QDCOUNT
        var at = HeaderLength;
        foreach (var label in labels)
        {
            message[at++] = (byte)label.Length;
            at += Encoding.ASCII.GetBytes(label, message.AsSpan(at));
        }

        message[at++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at), (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(message.AsSpan(at + 2), ClassIn);
        return message;
    }

    /// <summary>Decodes a response; throws <see cref="FormatException"/> when it is not one.</summary>
    public static DnsResponse DecodeResponse(ReadOnlySpan<byte> message)
    {
        if (message.Length < HeaderLength || (message[2] & 0x80) == 0)
        {
            throw new FormatException("not a DNS response");
        }

        var id = BinaryPrimitives.ReadUInt16BigEndian(message);
        var rcode = message[3] & 0x0F;
        var questions = BinaryPrimitives.ReadUInt16BigEndian(message[4..]);
        var answerCount = BinaryPrimitives.ReadUInt16BigEndian(message[6..]);

        var at = HeaderLength;
        for (var i = 0; i < questions; i++)
        {
            ReadName(message, ref at);
            at += 4;
        }

        var answers = new List<DnsRecord>(answerCount);
        for (var i = 0; i < answerCount; i++)
        {
            ReadName(message, ref at);
            var header = Slice(message, at, 10);
            var type = BinaryPrimitives.ReadUInt16BigEndian(header);
            var length = BinaryPrimitives.ReadUInt16BigEndian(header[8..]);
            var dataAt = at + 10;
            Slice(message, dataAt, length);
            answers.Add(new DnsRecord(type, ReadData(message, type, dataAt, length)));
            at = dataAt + length;
        }

        return new DnsResponse(id, rcode < Rcodes.Length ? Rcodes[rcode] : $"RCODE{rcode}", answers);
    }

    /// <summary>A record's data as text: an address, a name, "preference exchange" for MX, the joined strings of a TXT.</summary>
    private static string ReadData(ReadOnlySpan<byte> message, ushort type, int at, int length)
    {
        var data = message.Slice(at, length);
        switch ((DnsType)type)
        {
            case DnsType.A when length == 4:
            case DnsType.AAAA when length == 16:
                return new IPAddress(data).ToString();
            case DnsType.CNAME:
            case DnsType.NS:
                return ReadName(message, ref at);
            case DnsType.MX when length >= 3:
                var exchangeAt = at + 2;
                return $"{BinaryPrimitives.ReadUInt16BigEndian(data)} {ReadName(message, ref exchangeAt)}";
            case DnsType.TXT:
                var text = new StringBuilder();
                for (var i = 0; i < data.Length; i += 1 + data[i])
                {
                    text.Append(Encoding.UTF8.GetString(Slice(data, i + 1, data[i])));
                }

                return text.ToString();
            default:
                return Convert.ToHexString(data);
        }
    }

    /// <summary>Reads a name at <paramref name="at"/>, following compression pointers, and moves past it.</summary>
    private static string ReadName(ReadOnlySpan<byte> message, ref int at)
    {
        var name = new StringBuilder();
        var position = at;
        var jumped = false;
        for (var pointers = 0; ;)
        {
            var length = Slice(message, position, 1)[0];
            if (length == 0)
            {
                position++;
                break;
            }

            if ((length & 0xC0) == 0xC0)
            {
                if (++pointers > MaxPointers)
                {
                    throw new FormatException("a DNS name's compression pointers loop");
                }

                var target = BinaryPrimitives.ReadUInt16BigEndian(Slice(message, position, 2)) & 0x3FFF;
                if (!jumped)
                {
                    at = position + 2;
                    jumped = true;
                }

                position = target;
                continue;
            }

            if ((length & 0xC0) != 0)
            {
                throw new FormatException("a DNS name has an unknown label type");
            }

            name.Append(Encoding.ASCII.GetString(Slice(message, position + 1, length))).Append('.');
            position += 1 + length;
        }

        if (!jumped)
        {
            at = position;
        }

        return name.Length == 0 ? "." : name.ToString(0, name.Length - 1);
    }

    private static ReadOnlySpan<byte> Slice(ReadOnlySpan<byte> message, int at, int length) =>
        at >= 0 && length >= 0 && at + length <= message.Length
            ? message.Slice(at, length)
            : throw new FormatException("a DNS message ends too early");
}
