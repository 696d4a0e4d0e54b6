using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>The HTTP handler of the probes that speak HTTP (http, grpc): one per check, guarded and recording.</summary>
internal static class GuardedHttpHandler
{
    /// <summary>
    /// A handler whose every connection (redirects included) goes to an address the guard allows and is recorded
    /// on <paramref name="run"/>, with no proxy, cookies, decompression or pooled connection, and whose TLS
    /// validation records the leaf certificate's expiry and why it was refused, keeping the default decision
    /// (valid only without errors) unless <paramref name="verifyTls"/> is false.
    /// </summary>
    public static SocketsHttpHandler Create(OutboundGuard guard, ProbeRun run, bool verifyTls) => new()
    {
        ConnectCallback = async (context, cancellationToken) =>
        {
            var stream = await guard.ConnectAsync(context, cancellationToken);
            run.Connected = true;
            return stream;
        },
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            {
                if (certificate is X509Certificate2 leaf)
                {
                    run.CertificateNotAfter = leaf.NotAfter.ToUniversalTime();
                }

                var accepted = errors == SslPolicyErrors.None || !verifyTls;
                run.CertificateRefusal = accepted ? null : TlsProbe.Describe(errors, chain, run.Target.DnsSafeHost);
                return accepted;
            },
        },
        UseProxy = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        PooledConnectionLifetime = TimeSpan.Zero,
    };
}
