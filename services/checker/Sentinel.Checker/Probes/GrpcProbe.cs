using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>grpc://</c> and <c>grpcs://</c>: one call of the standard health protocol, <c>grpc.health.v1.Health/Check</c>,
/// for the service in the URL. Up when the answer is SERVING; any other status, and any gRPC error, is down.
/// </summary>
public sealed partial class GrpcProbe(OutboundGuard guard) : Probe<GrpcCheck>
{
    private const int MaxCauseLength = 500;

    protected override async Task<string?> ProbeAsync(GrpcCheck check, ProbeRun run, CancellationToken cancellationToken)
    {
        // Grpc.Net.Client keeps this handler's connect callback (its load balancer's connections would otherwise
        // replace the handler's): every connection goes through the guard.
        var handler = GuardedHttpHandler.Create(guard, run, check.VerifyTls);

        // A channel, handler and connection of its own per check, all disposed with it, so no connection outlives the
        // check. Without a retry policy in a service config (this channel has none) Grpc.Net.Client retries nothing.
        var address = new Uri($"{(check.Secure ? "https" : "http")}://{run.Target.Authority}");
        using var channel = GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            // The runner reports a timeout by its cancellation, as for every other kind.
            ThrowOperationCanceledOnCancellation = true,
        });
        var client = new Health.HealthClient(channel);
        HealthCheckResponse response;
        try
        {
            response = await client.CheckAsync(new HealthCheckRequest { Service = check.Service }, cancellationToken: cancellationToken);
        }
        catch (RpcException ex)
        {
            return run.CertificateRefusal ?? Describe(ex.Status, check.Service);
        }
        finally
        {
            run.Answered();
        }

        return response.Status == HealthCheckResponse.Types.ServingStatus.Serving
            ? null
            : $"status {ProtoName(response.Status)} for {Subject(check.Service)}";
    }

    /// <summary>A failed call as the health protocol means it, or as it failed.</summary>
    private static string Describe(Status status, string service) => status.StatusCode switch
    {
        StatusCode.Unimplemented => $"gRPC error UNIMPLEMENTED: the server has no health service {Health.Descriptor.FullName} ({Cause(status).TrimEnd('.')})",
        // The protocol's answer for a service the server does not know.
        StatusCode.NotFound => $"gRPC error NOT_FOUND: the server does not know {Subject(service)}",
        _ => $"gRPC error {ProtoName(status.StatusCode)}: {Cause(status)}",
    };

    /// <summary>
    /// The server's own words, or the client's failure without Grpc.Net.Client's wrapping: "Connection refused
    /// (10.0.0.5:50051)" rather than "Error starting gRPC call. HttpRequestException: Connection refused …". Cut short,
    /// as the runner cuts exceptions: the server chooses its words, and they are stored with every result.
    /// </summary>
    private static string Cause(Status status)
    {
        var cause = status.DebugException?.Message ?? status.Detail;
        return cause.Length <= MaxCauseLength ? cause : cause[..MaxCauseLength] + "…";
    }

    private static string Subject(string service) => service.Length == 0 ? "the server" : $"service '{service}'";

    /// <summary><c>NotServing</c> as the protocol writes it, <c>NOT_SERVING</c>.</summary>
    private static string ProtoName(Enum value) => WordStart().Replace(value.ToString(), "_").ToUpperInvariant();

    [GeneratedRegex("(?<=[a-z])(?=[A-Z])")]
    private static partial Regex WordStart();
}
