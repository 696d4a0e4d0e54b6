using Npgsql;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>postgres://user:password@host:port/database</c>: logs in and runs <c>SELECT 1</c> on one fresh connection,
/// made to the address the outbound guard allowed. Up when the query answers. A server that refuses (wrong
/// password, unknown database, too many connections) is down with its own words and SQLSTATE, never the password.
/// </summary>
public sealed class PostgresProbe(OutboundGuard guard) : Probe<PostgresCheck>
{
    /// <summary>Npgsql's longest connect and command timeouts, in seconds; the check's own deadline ends it anyway.</summary>
    private const int MaxNpgsqlTimeoutSeconds = 1024;

    protected override async Task<string?> ProbeAsync(PostgresCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var (host, port) = spec.Endpoint;
        // Npgsql is given the address the guard judged, never the name: a name that resolves elsewhere by the time
        // Npgsql would look it up (DNS rebinding) cannot lead it past the guard.
        var address = await guard.AllowedAddressAsync(host, port, cancellationToken);
        await using var source = DataSource(spec, host, address.ToString(), port);
        await using var connection = source.CreateConnection();
        try
        {
            try
            {
                await connection.OpenAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                run.Connected = true;
                return $"the server refused the login: {Describe(ex)}";
            }

            run.Connected = true;
            try
            {
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
            }
            catch (PostgresException ex)
            {
                return $"SELECT 1 failed: {Describe(ex)}";
            }
        }
        catch (NpgsqlException ex) when (ex is not PostgresException)
        {
            // Npgsql reports the deadline as its own timeout: the runner says the check timed out.
            cancellationToken.ThrowIfCancellationRequested();
            // Otherwise the network failed (refused, reset, TLS): the runner describes it as for every kind.
            throw new IOException(ex.Message, ex.InnerException);
        }

        run.Answered();
        return null;
    }

    /// <summary>The server's message and its SQLSTATE; never its detail, which may quote data.</summary>
    private static string Describe(PostgresException ex) => $"{ex.MessageText} (SQLSTATE {ex.SqlState})";

    /// <summary>
    /// A data source for one connection: no pool (one connection per check, closed after it), no type loading (a
    /// fresh connection would otherwise read the server's catalog of types before every check).
    /// </summary>
    private static NpgsqlDataSource DataSource(PostgresCheck spec, string host, string address, int port)
    {
        var timeout = Math.Min((int)spec.Timeout.TotalSeconds, MaxNpgsqlTimeoutSeconds);
        var settings = new NpgsqlConnectionStringBuilder
        {
            Host = address,
            Port = port,
            Database = spec.Database,
            Username = spec.Username,
            // The login is the URL's alone, never the checker's own: Kerberos and SSPI would log in with its ticket.
            RequireAuth = "!GSS,!SSPI",
            SslMode = spec.SslMode switch
            {
                PostgresSslMode.Disable => SslMode.Disable,
                PostgresSslMode.Require => SslMode.Require,
                PostgresSslMode.VerifyFull => SslMode.VerifyFull,
                _ => SslMode.Prefer,
            },
            GssEncryptionMode = GssEncryptionMode.Disable,
            Pooling = false,
            Timeout = timeout,
            CommandTimeout = timeout,
            // A cancelled query's connection is dropped at once rather than waiting for the server to confirm.
            CancellationTimeout = -1,
            ApplicationName = "Sentinel",
        };
        var builder = new NpgsqlDataSourceBuilder(settings.ConnectionString);
        builder.ConfigureTypeLoading(types => types.EnableTypeLoading(false));
        // A provider, not the connection string: its answer, empty when the URL has no password, is the only one
        // (Npgsql would otherwise fall back to the checker's PGPASSWORD or ~/.pgpass).
        var password = spec.Password ?? "";
        builder.UsePasswordProvider(_ => password, (_, _) => ValueTask.FromResult(password));
        builder.UseSslClientAuthenticationOptionsCallback(options =>
        {
            // TLS is for the URL's host (SNI, and the name verify-full checks), not for the address connected to.
            options.TargetHost = host.Trim('[', ']');
            // Nor does the checker present a client certificate it may have (PGSSLCERT, ~/.postgresql).
            options.ClientCertificateContext = null;
            options.ClientCertificates = null;
        });
        return builder.Build();
    }
}
