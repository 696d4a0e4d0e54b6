using Sentinel.Conditions;

namespace Sentinel.Conditions.Tests;

public sealed class ConditionTests
{
    private static readonly CheckFacts Healthy = new()
    {
        Status = 200,
        ResponseTimeMs = 41.7,
        Body = """{"status": "UP", "items": [{"id": 7, "name": "a"}, {"id": 8}], "count": 2, "ok": true, "empty": []}""",
        Connected = true,
        CertificateExpiresIn = TimeSpan.FromDays(10),
    };

    private static string? Failure(string condition, CheckFacts? facts = null) => Condition.Parse(condition).Evaluate(facts ?? Healthy);

    private static ConditionException Refusal(string condition) => Assert.Throws<ConditionException>(() => Condition.Parse(condition));

    [Theory]
    [InlineData("[STATUS] == 200")]
    [InlineData("[STATUS] != 503")]
    [InlineData("[STATUS] < 300")]
    [InlineData("[STATUS] <= 200")]
    [InlineData("[STATUS] > 199")]
    [InlineData("[STATUS] >= 200")]
    [InlineData("[STATUS] == any(200, 201)")]
    [InlineData("[STATUS] == pat(2*)")]
    [InlineData("[RESPONSE_TIME] < 500")]
    [InlineData("[CONNECTED] == true")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h")]
    [InlineData("[CERTIFICATE_EXPIRATION] >= 1h30m")]
    [InlineData("[CERTIFICATE_EXPIRATION] < 11d")]
    [InlineData("[BODY] == pat(*\"UP\"*)")]
    [InlineData("[BODY].status == UP")]
    [InlineData("[BODY].status == any(UP, DEGRADED)")]
    [InlineData("[BODY].items[0].id == 7")]
    [InlineData("[BODY].items[1].id > 7.5")]
    [InlineData("[BODY].count == 2.0")]
    [InlineData("[BODY].ok == true")]
    [InlineData("len([BODY].items) == 2")]
    [InlineData("len([BODY].empty) == 0")]
    [InlineData("len([BODY].items[0].name) == 1")]
    [InlineData("len([BODY]) > 10")]
    [InlineData("  [STATUS]==200  ")]
    public void A_condition_that_holds_reports_nothing(string condition) => Assert.Null(Failure(condition));

    [Theory]
    [InlineData("[STATUS] == 503", "[STATUS] (200) == 503")]
    [InlineData("[STATUS] != 200", "[STATUS] (200) != 200")]
    [InlineData("[STATUS] > 200", "[STATUS] (200) > 200")]
    [InlineData("[STATUS] < 200", "[STATUS] (200) < 200")]
    [InlineData("[STATUS] >= 201", "[STATUS] (200) >= 201")]
    [InlineData("[STATUS] <= 199", "[STATUS] (200) <= 199")]
    [InlineData("[STATUS] == any(301, 302)", "[STATUS] (200) == any(301, 302)")]
    [InlineData("[STATUS] != pat(2*)", "[STATUS] (200) != pat(2*)")]
    [InlineData("[RESPONSE_TIME] < 40", "[RESPONSE_TIME] (42) < 40")]
    [InlineData("[CONNECTED] == false", "[CONNECTED] (true) == false")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 30d", "[CERTIFICATE_EXPIRATION] (240h0m0s) > 30d")]
    [InlineData("[BODY].status == DOWN", "[BODY].status (UP) == DOWN")]
    [InlineData("[BODY].items[1].id == 7", "[BODY].items[1].id (8) == 7")]
    [InlineData("[BODY].items[5].id == 7", "[BODY].items[5].id (missing) == 7")]
    [InlineData("[BODY].nothing.here == x", "[BODY].nothing.here (missing) == x")]
    [InlineData("[BODY].status > 3", "[BODY].status (UP) > 3")]
    [InlineData("len([BODY].empty) > 0", "len([BODY].empty) (0) > 0")]
    [InlineData("[BODY] == pat(*healthy*)", "[BODY] ({\"status\": \"UP\", \"items\": [{\"id\": 7, \"name\": \"a\"}, {\"id\": 8}], \"count\": 2, \"ok\": true, \"empty\": []}) == pat(*healthy*)")]
    public void A_failed_condition_shows_the_value_it_saw(string condition, string expected) => Assert.Equal(expected, Failure(condition));

    [Fact]
    public void Values_a_check_did_not_observe_fail_and_say_so()
    {
        var refused = new CheckFacts { Connected = false, ResponseTimeMs = 3 };

        Assert.Equal("[STATUS] (no answer) == 200", Failure("[STATUS] == 200", refused));
        Assert.Equal("[BODY].status (no body) == UP", Failure("[BODY].status == UP", refused));
        Assert.Equal("[CERTIFICATE_EXPIRATION] (no certificate) > 72h", Failure("[CERTIFICATE_EXPIRATION] > 72h", refused));
        Assert.Equal("[CONNECTED] (false) == true", Failure("[CONNECTED] == true", refused));
        Assert.Equal("[BODY].status (body is not JSON) == UP", Failure("[BODY].status == UP", Healthy with { Body = "<html>" }));
    }

    [Fact]
    public void Dns_conditions_test_the_rcode_and_hold_when_any_answer_does()
    {
        var answered = new CheckFacts
        {
            Connected = true, DnsRcode = "NOERROR", Addresses = ["10.0.0.5", "10.0.0.6"], Answers = ["10.0.0.5", "10.0.0.6"],
        };
        var nxdomain = new CheckFacts { Connected = true, DnsRcode = "NXDOMAIN", Addresses = [], Answers = [] };

        Assert.Null(Failure("[DNS_RCODE] == NOERROR", answered));
        Assert.Null(Failure("[IP] == 10.0.0.6", answered));
        Assert.Null(Failure("[IP] == pat(10.0.*)", answered));
        Assert.Null(Failure("[DNS_ANSWER] == any(10.0.0.9, 10.0.0.5)", answered));
        Assert.Null(Failure("[IP] != 10.0.0.7", answered));
        Assert.Equal("[IP] (10.0.0.5, 10.0.0.6) != 10.0.0.5", Failure("[IP] != 10.0.0.5", answered));
        Assert.Equal("[IP] (10.0.0.5, 10.0.0.6) == 10.0.0.7", Failure("[IP] == 10.0.0.7", answered));
        Assert.Equal("[DNS_RCODE] (NXDOMAIN) == NOERROR", Failure("[DNS_RCODE] == NOERROR", nxdomain));
        Assert.Equal("[IP] (none) == 10.0.0.5", Failure("[IP] == 10.0.0.5", nxdomain));
        Assert.Equal("[DNS_ANSWER] (no answer) == pat(*mail*)", Failure("[DNS_ANSWER] == pat(*mail*)", new CheckFacts()));
        Assert.Equal("[DNS_RCODE] (no answer) == NOERROR", Failure("[DNS_RCODE] == NOERROR", new CheckFacts()));
    }

    [Fact]
    public void An_expired_certificate_shows_a_negative_duration()
    {
        var expired = Healthy with { CertificateExpiresIn = TimeSpan.FromHours(-2) };

        Assert.Equal("[CERTIFICATE_EXPIRATION] (-2h0m0s) > 0s", Failure("[CERTIFICATE_EXPIRATION] > 0s", expired));
    }

    [Fact]
    public void A_long_value_is_cut_in_the_report()
    {
        var failure = Failure("[BODY] == pat(*healthy*)", Healthy with { Body = new string('x', 5000) });

        Assert.Equal($"[BODY] ({new string('x', 100)}…) == pat(*healthy*)", failure);
    }

    [Theory]
    [InlineData("abc", "a*", true)]
    [InlineData("abc", "*c", true)]
    [InlineData("abc", "*b*", true)]
    [InlineData("abc", "a*b*c", true)]
    [InlineData("abc", "*", true)]
    [InlineData("abc", "abc", true)]
    [InlineData("abc", "*d*", false)]
    [InlineData("abc", "b*", false)]
    [InlineData("aXbXc", "a*X*c", true)]
    [InlineData("ab", "a*b*b", false)]
    [InlineData("Healthy", "*healthy*", false)]
    public void Patterns_match_the_whole_value_with_stars_for_any_run(string value, string pattern, bool matches) =>
        Assert.Equal(matches, Failure($"[BODY] == pat({pattern})", Healthy with { Body = value }) is null);

    [Theory]
    [InlineData("[STAUS] == 200", "'[STAUS]' is not a placeholder; use [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DNS_RCODE], [IP], [DNS_ANSWER]", 1)]
    [InlineData("[IP].first == 10.0.0.5", "Only [BODY] takes a JSON path, not [IP]", 5)]
    [InlineData("len([IP]) > 0", "len() takes [BODY] or a JSON path into it, not [IP]", 5)]
    [InlineData("STATUS == 200", "A condition starts with a placeholder", 1)]
    [InlineData("[STATUS == 200", "'[' is not closed by ']'", 1)]
    [InlineData("[STATUS] = 200", "'=' is not an operator; to compare, write ==", 10)]
    [InlineData("[STATUS] 200", "Expected an operator (==, !=, <, <=, > or >=) but found '200'", 10)]
    [InlineData("[STATUS]", "The condition ends without an operator", 9)]
    [InlineData("[STATUS] ==", "Nothing to compare with after '=='", 12)]
    [InlineData("[STATUS] == OK", "'OK' is not a number, and [STATUS] == compares numbers", 13)]
    [InlineData("[STATUS] == any(200, x)", "'x' is not a number", 22)]
    [InlineData("[STATUS] == any(200,,201)", "any() lists values separated by commas", 21)]
    [InlineData("[STATUS].code == 200", "Only [BODY] takes a JSON path, not [STATUS]", 9)]
    [InlineData("[BODY]. == x", "A JSON path needs a name after '.'", 7)]
    [InlineData("[BODY].items[x] == 1", "A JSON path index is a number in brackets", 13)]
    [InlineData("[BODY].count > many", "'many' is not a number, and [BODY].count > compares numbers", 16)]
    [InlineData("len([STATUS]) > 0", "len() takes [BODY] or a JSON path into it, not [STATUS]", 5)]
    [InlineData("len([BODY].items > 0", "len( is not closed by ')'", 18)]
    [InlineData("[BODY] < pat(*x*)", "pat() only works with == and !=", 10)]
    [InlineData("[BODY] == pat(*x*", "pat( is not closed by ')' at the end", 11)]
    [InlineData("[STATUS] > any(200, 300)", "any() only works with == and !=", 12)]
    [InlineData("[CONNECTED] == yes", "[CONNECTED] is true or false, not 'yes'", 16)]
    [InlineData("[CONNECTED] > true", "[CONNECTED] is true or false: compare it with == or !=", 15)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72", "'72' is not a duration; write one like 72h, 30m, 7d or 1h30m", 28)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 3 days", "'3 days' is not a duration", 28)]
    [InlineData("[CERTIFICATE_EXPIRATION] == pat(7*)", "pat() matches text; [CERTIFICATE_EXPIRATION] is not text", 29)]
    [InlineData("[STATUS] == [BODY]", "The right side is a value, not a placeholder", 13)]
    [InlineData("[STATUS] == size(3)", "'size()' is not a function", 13)]
    [InlineData("   ", "A condition is empty", 1)]
    public void A_bad_condition_is_refused_with_what_is_wrong_and_where(string condition, string reason, int position)
    {
        var error = Refusal(condition);

        Assert.StartsWith(reason, error.Reason);
        Assert.Equal(position, error.Position);
        Assert.EndsWith($"(at {position})", error.Message);
    }

    [Fact]
    public void A_condition_longer_than_500_characters_is_refused() =>
        Assert.Contains("at most 500 characters", Refusal("[BODY] == " + new string('x', 491)).Message);

    [Theory]
    [InlineData("[STATUS] == 200", "tcp", "[STATUS] does not apply to tcp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("len([BODY].items) > 0", "tcp", "[BODY] does not apply to tcp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "http", "[CERTIFICATE_EXPIRATION] does not apply to http:// checks, only to https:// and tls:// (at 1)")]
    [InlineData("[DNS_RCODE] == NOERROR", "https", "[DNS_RCODE] does not apply to https:// checks, only to dns:// (at 1)")]
    [InlineData("[IP] == 10.0.0.5", "tcp", "[IP] does not apply to tcp:// checks, only to dns:// (at 1)")]
    [InlineData("[STATUS] == 200", "tls", "[STATUS] does not apply to tls:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "tls", null)]
    [InlineData("[CONNECTED] == true", "tls", null)]
    [InlineData("[RESPONSE_TIME] < 100", "dns", null)]
    [InlineData("[DNS_ANSWER] == pat(*mail*)", "dns", null)]
    [InlineData("[CONNECTED] == true", "tcp", null)]
    [InlineData("[RESPONSE_TIME] < 100", "tcp", null)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "https", null)]
    [InlineData("[BODY].status == UP", "http", null)]
    [InlineData("[RESPONSE_TIME] < 100", "icmp", null)]
    [InlineData("[CONNECTED] == true", "icmp", null)]
    [InlineData("[STATUS] == 200", "icmp", "[STATUS] does not apply to icmp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[IP] == 10.0.0.5", "icmp", "[IP] does not apply to icmp:// checks, only to dns:// (at 1)")]
    public void Each_placeholder_applies_only_to_the_kinds_of_check_that_observe_it(string condition, string scheme, string? refusal) =>
        Assert.Equal(refusal, Condition.Parse(condition).RefusalFor(scheme));

    [Fact]
    public void The_condition_knows_which_placeholder_it_tests_so_the_checker_reads_bodies_only_when_needed()
    {
        Assert.Equal(Placeholder.Body, Condition.Parse("len([BODY].items) > 0").Placeholder);
        Assert.Equal(Placeholder.Status, Condition.Parse("[STATUS] == 200").Placeholder);
    }
}
