using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using Sentinel.Checker.Probes.Dns;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>dns://resolver[:port]/name?type=A</c>: one query over UDP to that resolver. Without conditions, up when it
/// answers NOERROR with at least one record of the type asked for.
/// </summary>
public sealed class DnsProbe(OutboundGuard guard) : Probe<DnsCheck>
{
    protected override async Task<string?> ProbeAsync(DnsCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var (name, type) = (spec.Name, spec.Type);
        var (host, port) = spec.Endpoint();
        var resolver = await guard.AllowedAddressAsync(host, port, cancellationToken);
        using var socket = new Socket(resolver.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        // Connected, so that only the resolver's datagrams arrive and an ICMP "port unreachable" reads as refused.
        await socket.ConnectAsync(new IPEndPoint(resolver, port), cancellationToken);
        var id = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue + 1);
        await socket.SendAsync(DnsMessage.EncodeQuery(id, name, type), cancellationToken);

        var buffer = new byte[ushort.MaxValue];
        DnsResponse response;
        while (true)
        {
            var length = await socket.ReceiveAsync(buffer, cancellationToken);
            // A datagram with another id answers some earlier query (or is forged): wait for ours.
            if (length < 2 || buffer[0] != (byte)(id >> 8) || buffer[1] != (byte)id)
            {
                continue;
            }

            run.Answered();
            run.Connected = true;
            try
            {
                response = DnsMessage.DecodeResponse(buffer.AsSpan(0, length));
            }
            catch (FormatException ex)
            {
                return $"the resolver's answer is not a valid DNS message: {ex.Message}";
            }

            break;
        }

        run.DnsRcode = response.Rcode;
        run.Addresses = response.Answers.Where(a => a.Type is (ushort)DnsType.A or (ushort)DnsType.AAAA).Select(a => a.Data).ToArray();
        run.Answers = response.Answers.Where(a => a.Type == (ushort)type).Select(a => a.Data).ToArray();
        if (spec.Conditions.Count > 0)
        {
            return null;
        }

        if (response.Rcode != "NOERROR")
        {
            return $"{response.Rcode} for {name} ({type})";
        }

        return run.Answers.Count == 0 ? $"no {type} record for {name}" : null;
    }
}
