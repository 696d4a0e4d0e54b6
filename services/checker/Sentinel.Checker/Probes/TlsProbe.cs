using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>tls://host:port</c>: a TLS handshake with the host's name (SNI) and the platform's usual certificate
/// validation. Up when both succeed; the leaf certificate's expiry is recorded either way.
/// </summary>
public sealed class TlsProbe(OutboundGuard guard) : Probe<TlsCheck>
{
    protected override async Task<string?> ProbeAsync(TlsCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var host = run.Target.DnsSafeHost;
        var socket = await guard.ConnectAsync(run.Target.IdnHost, run.Target.Port, cancellationToken);
        run.Connected = true;
        await using var tls = new SslStream(new NetworkStream(socket, ownsSocket: true));
        string? invalid = null;
        var options = new SslClientAuthenticationOptions
        {
            TargetHost = host,
            // Records the expiry and why the certificate is refused, and keeps the default decision.
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is X509Certificate2 leaf)
                {
                    run.CertificateNotAfter = leaf.NotAfter.ToUniversalTime();
                }

                invalid = errors == SslPolicyErrors.None ? null : Describe(errors, chain, host);
                return invalid is null;
            },
        };

        try
        {
            await tls.AuthenticateAsClientAsync(options, cancellationToken);
        }
        catch (AuthenticationException ex)
        {
            return invalid ?? $"the TLS handshake failed: {ex.Message}";
        }

        run.Answered();
        return null;
    }

    /// <summary>Why a certificate is refused, with every reason; grpcs:// checks say it the same way.</summary>
    internal static string Describe(SslPolicyErrors errors, X509Chain? chain, string host)
    {
        var reasons = new List<string>();
        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            reasons.Add("the server sent no certificate");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            reasons.Add($"the certificate is not for {host}");
        }

        if (errors.HasFlag(SslPolicyErrors.RemoteCertificateChainErrors))
        {
            var statuses = chain?.ChainStatus.Select(s => $"{s.Status} ({s.StatusInformation.Trim().TrimEnd('.')})").Distinct() ?? [];
            reasons.Add($"the certificate chain is not valid: {string.Join(", ", statuses)}");
        }

        return "the TLS certificate is refused: " + string.Join("; ", reasons);
    }
}
