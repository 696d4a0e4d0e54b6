using System.Net;
using System.Net.Sockets;
using Npgsql;
using Sentinel.Checks.Kinds;
using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

// The target is the PostgreSQL the tests run against, logged into as a role with a password and a database of
// its own, made for each test: to this checker (which has no database) it is just a server to watch.
public sealed class PostgresCheckTests : IAsyncLifetime
{
    private static readonly NpgsqlConnectionStringBuilder Server = new(TestInfrastructure.AdminConnectionString);

    private readonly string _role = "probe_" + Guid.NewGuid().ToString("N")[..12];
    private readonly string _password = "pw-" + Guid.NewGuid().ToString("N");
    private CheckerHarness _checker = null!;

    private string Database => _role + "_db";

    private string Url(string? password = null, string? database = null, int? port = null, string scheme = "postgres") =>
        $"{scheme}://{_role}:{Uri.EscapeDataString(password ?? _password)}@127.0.0.1:{port ?? Server.Port}/{database ?? Database}";

    public async Task InitializeAsync()
    {
        // First, as it may start the test server: the harness's test timeout runs from its start.
        await AdminAsync($"CREATE ROLE {_role} LOGIN PASSWORD '{_password}'", $"CREATE DATABASE {Database} OWNER {_role}");
        _checker = await CheckerHarness.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _checker.DisposeAsync();
        await AdminAsync($"DROP DATABASE IF EXISTS {Database} WITH (FORCE)", $"DROP ROLE IF EXISTS {_role}");
    }

    [Fact]
    public async Task A_server_that_logs_in_and_answers_is_up_under_either_scheme()
    {
        var plain = await _checker.CheckAsync(Url());
        var conditioned = await _checker.CheckAsync(Url(scheme: "postgresql"), conditions: ["[CONNECTED] == true", "[RESPONSE_TIME] < 5000"]);

        Assert.Equal(CheckStatus.Up, plain.Status);
        Assert.Empty(plain.Errors);
        Assert.True(plain.LatencyMs > 0);
        Assert.Equal(CheckStatus.Up, conditioned.Status);
        Assert.Empty(conditioned.Errors);
    }

    [Fact]
    public async Task The_first_value_the_query_returns_is_the_result_its_conditions_test()
    {
        var plain = await _checker.CheckAsync(Url(), conditions: ["[RESULT] == 1"]);
        var counted = await QueryAsync("SELECT count(*) FROM pg_database WHERE datname = current_database()", "[RESULT] == 1");
        var role = await QueryAsync("-- which side of the replication\nSELECT CASE WHEN pg_is_in_recovery() THEN 'replica' ELSE 'primary' END, 2", "[RESULT] == replica");
        var none = await QueryAsync("SELECT 1 WHERE false", "[RESULT] == 1");
        var nothing = await QueryAsync("SELECT 1 WHERE false");

        Assert.Equal((CheckStatus.Up, CheckStatus.Up), (plain.Status, counted.Status));
        Assert.Equal(["[RESULT] (primary) == replica"], role.Errors);
        Assert.Equal(["[RESULT] (no result) == 1"], none.Errors);
        Assert.Equal(CheckStatus.Up, nothing.Status);
    }

    [Fact]
    public async Task A_query_can_read_but_never_change_anything()
    {
        await AdminInDatabaseAsync("CREATE TABLE jobs (id int)", "INSERT INTO jobs VALUES (1), (2)", "CREATE SEQUENCE ids",
            $"GRANT ALL ON jobs, ids TO {_role}");

        var deleting = await QueryAsync("WITH gone AS (DELETE FROM jobs RETURNING id) SELECT count(*) FROM gone");
        var smuggled = await QueryAsync("SELECT 1) AS q(x); DELETE FROM jobs; SELECT * FROM (SELECT 1");
        var function = await QueryAsync("SELECT nextval('ids')");
        var left = await QueryAsync("SELECT count(*) FROM jobs", "[RESULT] == 2");

        Assert.Equal(
            [
                "the query failed: WITH clause containing a data-modifying statement must be at the top level (SQLSTATE 0A000)",
                "the query failed: cannot insert multiple commands into a prepared statement (SQLSTATE 42601)",
                "the query failed: cannot execute nextval() in a read-only transaction (SQLSTATE 25006)",
            ],
            new[] { deleting, smuggled, function }.Select(r => Assert.Single(r.Errors)));
        Assert.Equal(CheckStatus.Up, left.Status);
    }

    [Fact]
    public async Task A_failing_query_is_down_with_the_server_s_reason()
    {
        var result = await QueryAsync("SELECT state FROM jobs", "[RESULT] == ok");

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["the query failed: relation \"jobs\" does not exist (SQLSTATE 42P01)", "[RESULT] (no result) == ok"], result.Errors);
    }

    [Fact]
    public async Task A_query_slower_than_the_timeout_is_down_as_timed_out_and_cancelled_on_the_server()
    {
        var result = await _checker.CheckAsync(new PostgresCheck { Url = Url(), Query = "SELECT pg_sleep(60)", TimeoutSeconds = 1 });

        Assert.Equal(["timed out after 1s"], result.Errors);
        await Eventually.Until(
            async () =>
            {
                await using var admin = new NpgsqlConnection(TestInfrastructure.AdminConnectionString);
                await admin.OpenAsync();
                await using var sleeping = new NpgsqlCommand($"SELECT count(*) FROM pg_stat_activity WHERE usename = '{_role}' AND state = 'active'", admin);
                return (long)(await sleeping.ExecuteScalarAsync())!;
            },
            count => count == 0, "the server to cancel the query");
    }

    [Fact]
    public async Task A_wrong_password_is_down_with_the_server_s_reason_and_neither_password()
    {
        const string wrong = "not-the-password-7b41";

        var result = await _checker.CheckAsync(Url(password: wrong), conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        var error = Assert.Single(result.Errors);
        Assert.Equal($"the server refused the login: password authentication failed for user \"{_role}\" (SQLSTATE 28P01)", error);
        Assert.DoesNotContain(wrong, result.Error);
        Assert.DoesNotContain(_password, result.Error);
    }

    [Fact]
    public async Task A_url_without_a_password_never_logs_in_with_the_checker_s_own()
    {
        var before = Environment.GetEnvironmentVariable("PGPASSWORD");
        Environment.SetEnvironmentVariable("PGPASSWORD", _password);
        try
        {
            var result = await _checker.CheckAsync($"postgres://{_role}@127.0.0.1:{Server.Port}/{Database}");

            Assert.Equal(CheckStatus.Down, result.Status);
            Assert.Equal(["No password has been provided but the backend requires one (in SASL/SCRAM-SHA-256)"], result.Errors);
        }
        finally
        {
            Environment.SetEnvironmentVariable("PGPASSWORD", before);
        }
    }

    [Fact]
    public async Task An_unknown_database_is_down_saying_it_does_not_exist()
    {
        var result = await _checker.CheckAsync(Url(database: "no_such_db"));

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["the server refused the login: database \"no_such_db\" does not exist (SQLSTATE 3D000)"], result.Errors);
        Assert.DoesNotContain(_password, result.Error);
    }

    [Fact]
    public async Task A_port_where_nothing_listens_is_down_as_refused_and_not_connected()
    {
        var port = TestTarget.FreePort();

        var result = await _checker.CheckAsync(Url(port: port), conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal([$"Failed to connect to 127.0.0.1:{port}: Connection refused", "[CONNECTED] (false) == true"], result.Errors);
        Assert.DoesNotContain(_password, result.Error);
    }

    [Fact]
    public async Task A_server_that_accepts_but_never_answers_is_down_when_the_timeout_passes()
    {
        // Connections queue in the backlog and are never read: the handshake completes, the login never does.
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();

        var result = await _checker.CheckAsync(Url(port: ((IPEndPoint)silent.LocalEndpoint).Port), timeoutSeconds: 1);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["timed out after 1s"], result.Errors);
    }

    [Fact]
    public async Task Sslmode_is_honoured_a_server_without_tls_is_down_when_tls_is_required()
    {
        var disabled = await _checker.CheckAsync(Url() + "?sslmode=disable");
        var required = await _checker.CheckAsync(Url() + "?sslmode=require");

        Assert.Equal(CheckStatus.Up, disabled.Status);
        Assert.Equal(CheckStatus.Down, required.Status);
        Assert.Contains("SSL", Assert.Single(required.Errors));
        Assert.DoesNotContain(_password, required.Error);
    }

    [Fact]
    public async Task A_server_that_is_Sentinel_s_own_database_is_refused_by_the_outbound_guard()
    {
        await using var sentinel = await CheckerHarness.StartAsync(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Sentinel"] = TestInfrastructure.AdminConnectionString,
        });

        var result = await sentinel.CheckAsync(Url());

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.StartsWith("refused by the outbound guard: ", Assert.Single(result.Errors));
        Assert.Contains("one of Sentinel's own services", result.Errors[0]);
    }

    private Task<CheckCompleted> QueryAsync(string query, params string[] conditions) =>
        _checker.CheckAsync(new PostgresCheck { Url = Url(), Query = query, TimeoutSeconds = 5, Conditions = conditions });

    /// <summary>Runs <paramref name="statements"/> as the test server's superuser.</summary>
    private static Task AdminAsync(params string[] statements) => RunAsync(TestInfrastructure.AdminConnectionString, statements);

    /// <summary>Runs <paramref name="statements"/> as the test server's superuser in the test's own database.</summary>
    private Task AdminInDatabaseAsync(params string[] statements) => RunAsync(TestInfrastructure.ConnectionStringFor(Database), statements);

    private static async Task RunAsync(string connectionString, string[] statements)
    {
        await using var admin = new NpgsqlConnection(connectionString);
        await admin.OpenAsync();
        foreach (var statement in statements)
        {
            await using var command = new NpgsqlCommand(statement, admin);
            await command.ExecuteNonQueryAsync();
        }
    }
}
