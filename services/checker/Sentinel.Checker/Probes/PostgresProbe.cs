using Npgsql;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>postgres://user:password@host:port/database</c>: logs in and runs the check's query (<c>SELECT 1</c> by
/// default) on one fresh connection, made to the address the outbound guard allowed. Up when the query answers;
/// the first column of its first row, as text, is <c>[RESULT]</c>. A server that refuses (wrong password, unknown
/// database, too many connections) or a query that fails is down with the server's words and SQLSTATE, never the
/// password.
/// </summary>
public sealed class PostgresProbe(OutboundGuard guard) : Probe<PostgresCheck>
{
    /// <summary>Npgsql's longest connect and command timeouts, in seconds; the check's own deadline ends it anyway.</summary>
    private const int MaxNpgsqlTimeoutSeconds = 1024;

    protected override async Task<string?> ProbeAsync(PostgresCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var (host, port) = spec.Endpoint();
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
                run.Result = await FirstValueAsync(connection, spec.Query ?? PostgresCheck.DefaultQuery, cancellationToken);
            }
            catch (PostgresException ex)
            {
                return $"the query failed: {Describe(ex)}";
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

    /// <summary>
    /// Runs <paramref name="query"/> so that it can read but never change anything, and returns the first column of
    /// its first row as PostgreSQL writes it as text (null for no row, or NULL). A read-only transaction refuses
    /// writes, also from functions; a batch is not split at ';' by Npgsql, so the server refuses a second statement
    /// rather than running it after the transaction; and as a subquery the query cannot hold a data-modifying WITH.
    /// </summary>
    private static async Task<string?> FirstValueAsync(NpgsqlConnection connection, string query, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("START TRANSACTION READ ONLY"),
                // On lines of their own: a comment on the query's last line ends there.
                new NpgsqlBatchCommand($"SELECT q.result::text FROM (\n{query}\n) AS q(result) LIMIT 1"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) && !reader.IsDBNull(0) ? reader.GetString(0) : null;
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
            // The login is the URL's alone, never the checker's own: Kerberos and SSPI would use its ticket.
            RequireAuth = "!GSS,!SSPI",
            GssEncryptionMode = GssEncryptionMode.Disable,
            SslMode = spec.SslMode switch
            {
                PostgresSslMode.Disable => SslMode.Disable,
                PostgresSslMode.Require => SslMode.Require,
                PostgresSslMode.VerifyFull => SslMode.VerifyFull,
                _ => SslMode.Prefer,
            },
            Pooling = false,
            Timeout = timeout,
            CommandTimeout = timeout,
            // At the deadline the server is asked to cancel the query, and the connection dropped without waiting.
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
