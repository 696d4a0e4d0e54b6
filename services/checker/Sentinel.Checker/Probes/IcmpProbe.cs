using System.Net;
using System.ComponentModel;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>icmp://host</c>: one echo request, up when the echo reply arrives within the timeout. The latency is the
/// round-trip time. Sending ICMP needs a raw socket (root or CAP_NET_RAW) or an unprivileged ICMP socket (the
/// process's group within net.ipv4.ping_group_range); without either the check says so rather than sending.
/// </summary>
public sealed class IcmpProbe(OutboundGuard guard) : Probe<IcmpCheck>
{
    private const int EPERM = 1;
    private const int EACCES = 13;

    public const string NotPermitted =
        "ICMP is not permitted for this process: run the checker with CAP_NET_RAW or allow unprivileged ICMP (net.ipv4.ping_group_range); see docs/checks.md";

    protected override async Task<string?> ProbeAsync(IcmpCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var address = await guard.AllowedAddressAsync(spec.Endpoint().Host, spec.Endpoint().Port, cancellationToken);
        if (!MaySendIcmp(address.AddressFamily))
        {
            return NotPermitted;
        }

        // Ping ends at the monitor's deadline by itself and then says TimedOut, so it is not also cancelled at that
        // same moment (which would race it and report the consumer's generic timeout instead).
        var timeout = spec.Timeout;
        var left = timeout - run.Latency;
        using var ping = new Ping();
        PingReply reply;
        try
        {
            reply = await ping.SendPingAsync(address, left > TimeSpan.Zero ? left : TimeSpan.FromMilliseconds(1));
        }
        catch (Exception ex) when (ex is PingException or PlatformNotSupportedException)
        {
            return Failure(ex);
        }

        if (reply.Status != IPStatus.Success)
        {
            return NoReply(reply.Status, address, (int)spec.Timeout.TotalSeconds);
        }

        run.Answered(TimeSpan.FromMilliseconds(reply.RoundtripTime));
        run.Connected = true;
        return null;
    }

    /// <summary>Why the echo went unanswered, in the words the history shows.</summary>
    public static string NoReply(IPStatus status, IPAddress address, int timeoutSeconds) => status == IPStatus.TimedOut
        ? $"no echo reply within {timeoutSeconds}s"
        : $"no echo reply from {address}: {status}";

    /// <summary>
    /// Why an echo request could not be sent: <see cref="NotPermitted"/> when the operating system denied ICMP
    /// (no raw socket, no unprivileged ICMP socket, and no usable ping binary), so that a setup problem does not
    /// read as the target being down; otherwise the innermost cause.
    /// </summary>
    public static string Failure(Exception ex)
    {
        for (var cause = ex; cause is not null; cause = cause.InnerException)
        {
            if (cause is UnauthorizedAccessException or PlatformNotSupportedException
                or SocketException { SocketErrorCode: SocketError.AccessDenied }
                or Win32Exception { NativeErrorCode: EPERM or EACCES })
            {
                return NotPermitted;
            }
        }

        return $"the echo request failed: {ex.GetBaseException().Message}";
    }

    /// <summary>
    /// Whether this process may open an ICMP socket, raw or unprivileged. Without one, <see cref="Ping"/> on Linux
    /// and macOS runs the ping binary, and reads that binary's "Operation not permitted" as a timeout: a false down.
    /// Windows sends echoes through its ICMP API, which needs no privilege.
    /// </summary>
    private static bool MaySendIcmp(AddressFamily family)
    {
        if (OperatingSystem.IsWindows())
        {
            return true;
        }

        var protocol = family == AddressFamily.InterNetworkV6 ? ProtocolType.IcmpV6 : ProtocolType.Icmp;
        foreach (var type in (SocketType[])[SocketType.Raw, SocketType.Dgram])
        {
            try
            {
                new Socket(family, type, protocol).Dispose();
                return true;
            }
            catch (SocketException)
            {
                // Not this kind of socket; try the next.
            }
        }

        return false;
    }
}
