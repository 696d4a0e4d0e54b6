using Sentinel.Contracts;
using Sentinel.Testing;

namespace Sentinel.Checker.Tests;

public sealed class DnsCheckTests : IAsyncLifetime
{
    private CheckerHarness _checker = null!;
    private DnsResponder _resolver = null!;

    public async Task InitializeAsync()
    {
        _checker = await CheckerHarness.StartAsync();
        _resolver = new DnsResponder();
        _resolver.A["db.example.test"] = ["10.0.0.5"];
        _resolver.A["web.example.test"] = ["10.0.0.7", "10.0.0.8"];
        _resolver.Mx["example.test"] = (10, "mail");
    }

    public async Task DisposeAsync()
    {
        await _resolver.DisposeAsync();
        await _checker.DisposeAsync();
    }

    [Fact]
    public async Task A_name_the_resolver_knows_is_up_and_its_address_can_be_required()
    {
        var plain = await _checker.CheckAsync(_resolver.Url("db.example.test"));
        var expected = await _checker.CheckAsync(_resolver.Url("db.example.test", "A"), conditions: ["[DNS_RCODE] == NOERROR", "[IP] == 10.0.0.5", "[CONNECTED] == true"]);
        var moved = await _checker.CheckAsync(_resolver.Url("db.example.test"), conditions: ["[IP] == 10.0.0.6"]);

        Assert.Equal(CheckStatus.Up, plain.Status);
        Assert.Null(plain.StatusCode);
        Assert.Equal(CheckStatus.Up, expected.Status);
        Assert.Empty(expected.Errors);
        Assert.Equal(CheckStatus.Down, moved.Status);
        Assert.Equal(["[IP] (10.0.0.5) == 10.0.0.6"], moved.Errors);
    }

    [Fact]
    public async Task With_several_addresses_an_ip_condition_holds_when_one_of_them_matches()
    {
        var one = await _checker.CheckAsync(_resolver.Url("web.example.test"), conditions: ["[IP] == 10.0.0.8"]);
        var none = await _checker.CheckAsync(_resolver.Url("web.example.test"), conditions: ["[IP] != 10.0.0.7"]);

        Assert.Equal(CheckStatus.Up, one.Status);
        Assert.Equal(["[IP] (10.0.0.7, 10.0.0.8) != 10.0.0.7"], none.Errors);
    }

    [Fact]
    public async Task An_unknown_name_is_down_with_nxdomain_and_a_rcode_condition_says_what_it_saw()
    {
        var plain = await _checker.CheckAsync(_resolver.Url("gone.example.test"));
        var conditioned = await _checker.CheckAsync(_resolver.Url("gone.example.test"), conditions: ["[DNS_RCODE] == NOERROR", "[IP] == 10.0.0.5"]);

        Assert.Equal(CheckStatus.Down, plain.Status);
        Assert.Equal(["NXDOMAIN for gone.example.test (A)"], plain.Errors);
        Assert.Equal(CheckStatus.Down, conditioned.Status);
        Assert.Equal(["[DNS_RCODE] (NXDOMAIN) == NOERROR", "[IP] (none) == 10.0.0.5"], conditioned.Errors);
        Assert.Equal("[DNS_RCODE] (NXDOMAIN) == NOERROR; [IP] (none) == 10.0.0.5", conditioned.Error);
    }

    [Fact]
    public async Task Other_record_types_are_tested_as_text_and_a_name_without_that_type_is_down()
    {
        var mx = await _checker.CheckAsync(_resolver.Url("example.test", "MX"), conditions: ["[DNS_ANSWER] == 10 mail.example.test"]);
        var noAddress = await _checker.CheckAsync(_resolver.Url("example.test", "A"));

        Assert.Equal(CheckStatus.Up, mx.Status);
        Assert.Equal(CheckStatus.Down, noAddress.Status);
        Assert.Equal(["no A record for example.test"], noAddress.Errors);
    }

    [Fact]
    public async Task A_resolver_that_does_not_answer_times_out_once_without_retrying()
    {
        _resolver.Silent = true;

        var result = await _checker.CheckAsync(_resolver.Url("db.example.test"), timeoutSeconds: 1, conditions: ["[DNS_RCODE] == NOERROR"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Equal(["timed out after 1s", "[DNS_RCODE] (no answer) == NOERROR"], result.Errors);
        // Counted rather than timed: a retry would be a second query, however long the machine took over the first.
        Assert.Equal(1, _resolver.Queries);
        Assert.True(result.LatencyMs >= 900, $"gave up after {result.LatencyMs} ms, before its timeout");
    }

    [Fact]
    public async Task A_port_where_no_resolver_listens_is_down_as_refused()
    {
        var result = await _checker.CheckAsync($"dns://127.0.0.1:{TestTarget.FreePort()}/db.example.test", conditions: ["[CONNECTED] == true"]);

        Assert.Equal(CheckStatus.Down, result.Status);
        Assert.Contains("refused", result.Errors[0], StringComparison.OrdinalIgnoreCase);
        Assert.Equal("[CONNECTED] (false) == true", result.Errors[1]);
    }
}
