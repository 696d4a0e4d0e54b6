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
    [InlineData("[RESPONSE_TIME] < 40", "[RESPONSE_TIME] (41) < 40")]
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
    public void A_query_result_compares_as_a_number_when_it_is_one_and_as_text_otherwise()
    {
        var lagging = new CheckFacts { Connected = true, Result = "12.5" };
        var primary = new CheckFacts { Connected = true, Result = "primary" };

        Assert.Null(Failure("[RESULT] > 10", lagging));
        Assert.Equal("[RESULT] (12.5) < 10", Failure("[RESULT] < 10", lagging));
        Assert.Null(Failure("[RESULT] == primary", primary));
        Assert.Equal("[RESULT] (primary) == any(replica, standby)", Failure("[RESULT] == any(replica, standby)", primary));
        Assert.Equal("[RESULT] (no result) == primary", Failure("[RESULT] == primary", new CheckFacts()));
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
    [InlineData("[STAUS] == 200", "'[STAUS]' is not a placeholder; use [STATUS], [RESPONSE_TIME], [BODY], [CONNECTED], [CERTIFICATE_EXPIRATION], [DOMAIN_EXPIRATION], [DNS_RCODE], [IP], [DNS_ANSWER], [RESULT]", 1)]
    [InlineData("[STATUS] == [STAUS]", "'[STAUS]' is not a placeholder", 13)]
    [InlineData("[IP].first == 10.0.0.5", "Only [BODY] takes a JSON path, not [IP]", 5)]
    [InlineData("len([IP]) > 0", "len() takes [BODY] or a JSON path into it, not [IP]", 5)]
    [InlineData("STATUS == 200", "A condition tests a placeholder on one side at least, like [STATUS] == 200 or 200 == [STATUS]", 1)]
    [InlineData("200 == 300", "A condition tests a placeholder on one side at least", 1)]
    [InlineData("== 200", "A condition starts with a placeholder or a value", 1)]
    [InlineData("OK == [STATUS]", "'OK' is not a number, and [STATUS] == compares numbers", 1)]
    [InlineData("size(3) == [STATUS]", "'size()' is not a function", 1)]
    [InlineData("pat(2*) < [STATUS]", "pat() only works with == and !=", 1)]
    [InlineData("pat(2* == [STATUS]", "pat( is not closed by ')' before the operator", 1)]
    [InlineData("[STATUS] == [BODY].status x", "Unexpected 'x' after [BODY].status: a side is one placeholder or one value", 27)]
    [InlineData("[CONNECTED] == [STATUS]", "[CONNECTED] is true or false, and [STATUS] is not", 16)]
    [InlineData("[BODY].up < [CONNECTED]", "[CONNECTED] is true or false: compare it with == or !=", 13)]
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
    [InlineData("[CERTIFICATE_EXPIRATION] > 999999999d", "'999999999d' is not a duration", 28)]
    [InlineData("[CERTIFICATE_EXPIRATION] == pat(7*)", "pat() matches text; [CERTIFICATE_EXPIRATION] is not text", 29)]
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

    [Fact]
    public void The_condition_knows_which_placeholder_it_tests_so_the_checker_reads_bodies_only_when_needed()
    {
        Assert.Equal(Placeholder.Body, Condition.Parse("len([BODY].items) > 0").Placeholder);
        Assert.Equal(Placeholder.Status, Condition.Parse("[STATUS] == 200").Placeholder);
        Assert.Equal(Placeholder.Status, Condition.Parse("200 == [STATUS]").Placeholder);
        Assert.Equal(Placeholder.Body, Condition.Parse("[STATUS] == [BODY].status").Placeholder);
        Assert.Equal(Placeholder.Body, Condition.Parse("has([BODY].errors) == false").Placeholder);
    }

    [Fact]
    public void A_condition_with_two_placeholders_uses_both()
    {
        var condition = Condition.Parse("[STATUS] == [BODY].status");

        Assert.True(condition.Uses(Placeholder.Status));
        Assert.True(condition.Uses(Placeholder.Body));
        Assert.False(condition.Uses(Placeholder.ResponseTime));
    }

    [Theory]
    [InlineData("[BODY].age == [BODY].id", """{"age": 7, "id": 7}""")]
    [InlineData("[BODY].age != [BODY].id", """{"age": 7, "id": 8}""")]
    [InlineData("[BODY].age < [BODY].id", """{"age": 7, "id": 8}""")]
    [InlineData("[STATUS] == [BODY].status", """{"status": 200}""")]
    [InlineData("[STATUS] == [BODY].status", """{"status": "200"}""")]
    [InlineData("[BODY].code == [STATUS]", """{"code": 200.0}""")]
    [InlineData("[RESPONSE_TIME] < [BODY].limit", """{"limit": 500}""")]
    [InlineData("len([BODY].items) == [BODY].count", """{"items": [1, 2], "count": 2}""")]
    [InlineData("[BODY].count >= len([BODY].items)", """{"items": [1, 2], "count": 2}""")]
    [InlineData("len([BODY].a) == len([BODY].b)", """{"a": [1], "b": "x"}""")]
    [InlineData("[CONNECTED] == [BODY].up", """{"up": true}""")]
    [InlineData("200 == [STATUS]", "")]
    [InlineData("300 > [STATUS]", "")]
    [InlineData("any(200, 429) == [STATUS]", "")]
    [InlineData("any(301, 302) != [STATUS]", "")]
    [InlineData("pat(2*) == [STATUS]", "")]
    [InlineData("pat(*<b>up</b>*) == [BODY]", "<p><b>up</b></p>")]
    [InlineData("UP == [BODY].status", """{"status": "UP"}""")]
    [InlineData("[status] == 200", "")]
    [InlineData("[Body].status == UP", """{"status": "UP"}""")]
    public void Either_side_may_be_a_placeholder_or_a_value(string condition, string body) =>
        Assert.Null(Failure(condition, Healthy with { Body = body }));

    [Fact]
    public void A_placeholder_on_the_right_is_compared_by_its_value_not_by_its_name()
    {
        var facts = Healthy with { Body = """{"name": "[BODY].id", "id": 7}""" };

        Assert.Equal("[BODY].name ([BODY].id) == [BODY].id (7)", Failure("[BODY].name == [BODY].id", facts));
    }

    [Theory]
    [InlineData("[BODY].first == [BODY].last", "[BODY].first (john) == [BODY].last (doe)")]
    [InlineData("[STATUS] == [BODY].code", "[STATUS] (200) == [BODY].code (missing)")]
    [InlineData("any(301, 302) == [STATUS]", "any(301, 302) == [STATUS] (200)")]
    [InlineData("pat(4*) == [STATUS]", "pat(4*) == [STATUS] (200)")]
    [InlineData("[STATUS] < len([BODY].first)", "[STATUS] (200) < len([BODY].first) (4)")]
    [InlineData("500 < [STATUS]", "500 < [STATUS] (200)")]
    [InlineData("[status] == 503", "[STATUS] (200) == 503")]
    public void A_failed_condition_shows_the_value_of_each_placeholder(string condition, string expected) =>
        Assert.Equal(expected, Failure(condition, Healthy with { Body = """{"first": "john", "last": "doe"}""" }));

    [Theory]
    [InlineData("has([BODY].errors) == false", "{}")]
    [InlineData("has([BODY].errors) == false", """{"errors": null}""")]
    [InlineData("has([BODY].errors) == false", "<html>not JSON</html>")]
    [InlineData("has([BODY].errors) != true", "{}")]
    [InlineData("has([BODY].errors) == true", """{"errors": []}""")]
    [InlineData("has([BODY].users[1].name) == true", """{"users": [{}, {"name": ""}]}""")]
    [InlineData("has([BODY].users[2]) == false", """{"users": [{}, {}]}""")]
    [InlineData("has([BODY].users.name) == false", """{"users": [{"name": "a"}]}""")]
    [InlineData("has([BODY]) == true", "{}")]
    [InlineData("has([BODY]) == false", " \n")]
    [InlineData("has([BODY].a) == has([BODY].b)", """{"a": 1, "b": 2}""")]
    public void Has_holds_when_the_json_path_exists_in_the_body(string condition, string body) =>
        Assert.Null(Failure(condition, Healthy with { Body = body }));

    [Fact]
    public void A_failed_has_shows_what_it_found_and_needs_a_body()
    {
        Assert.Equal("has([BODY].errors) (true) == false", Failure("has([BODY].errors) == false", Healthy with { Body = """{"errors": ["1"]}""" }));
        Assert.Equal("has([BODY].errors) (no body) == false", Failure("has([BODY].errors) == false", Healthy with { Body = null }));
    }

    [Theory]
    [InlineData("has([STATUS]) == true", "has() takes [BODY] or a JSON path into it, not [STATUS]", 5)]
    [InlineData("has(200) == true", "has() takes [BODY] or a JSON path into it, like has([BODY].items)", 5)]
    [InlineData("has([BODY].errors) == yes", "has([BODY].errors) is true or false, not 'yes'", 23)]
    [InlineData("has([BODY].errors) > false", "has([BODY].errors) is true or false: compare it with == or !=", 22)]
    [InlineData("has([BODY].errors) == [STATUS]", "has([BODY].errors) is true or false, and [STATUS] is not", 23)]
    [InlineData("has([BODY].errors == false", "has( is not closed by ')'", 19)]
    public void A_bad_has_is_refused_with_what_is_wrong_and_where(string condition, string reason, int position)
    {
        var error = Refusal(condition);

        Assert.StartsWith(reason, error.Reason);
        Assert.Equal(position, error.Position);
    }

    [Theory]
    [InlineData("[RESPONSE_TIME] < 1s", true)]
    [InlineData("[RESPONSE_TIME] < 500ms", true)]
    [InlineData("[RESPONSE_TIME] < 0.5s", true)]
    [InlineData("[RESPONSE_TIME] > 40ms", true)]
    [InlineData("[RESPONSE_TIME] == 41ms", true)]
    [InlineData("[RESPONSE_TIME] < 1m", true)]
    [InlineData("[RESPONSE_TIME] < 41ms", false)]
    [InlineData("[RESPONSE_TIME] > 1s", false)]
    [InlineData("[RESPONSE_TIME] == any(41, 1s)", true)]
    public void Response_time_compares_with_a_duration_as_with_milliseconds(string condition, bool holds) =>
        Assert.Equal(holds, Failure(condition) is null);

    [Fact]
    public void Response_time_counts_whole_milliseconds_as_gatus_does()
    {
        var facts = Healthy with { ResponseTimeMs = 499.9 };

        Assert.Null(Failure("[RESPONSE_TIME] < 500", facts));
        Assert.Equal("[RESPONSE_TIME] (499) > 499", Failure("[RESPONSE_TIME] > 499", facts));
    }

    [Fact]
    public void Response_time_against_something_neither_milliseconds_nor_a_duration_is_refused()
    {
        var error = Refusal("[RESPONSE_TIME] < fast");

        Assert.Equal("'fast' is neither milliseconds nor a duration; write one like 500, 500ms or 1s", error.Reason);
        Assert.Equal(19, error.Position);
    }

    [Fact]
    public void A_bare_number_is_not_an_expiry_duration_and_the_refusal_says_what_gatus_would_read()
    {
        var error = Refusal("[CERTIFICATE_EXPIRATION] > 2419200000");

        Assert.Equal(
            "'2419200000' is not a duration; write one like 72h, 30m, 7d or 1h30m (Gatus reads a bare number as milliseconds: 2419200000 would be 672h0m0s)",
            error.Reason);
        Assert.Equal(28, error.Position);
    }

    [Fact]
    public void Durations_may_have_decimals_as_in_go()
    {
        Assert.Null(Failure("[CERTIFICATE_EXPIRATION] > 1.5h"));
        Assert.Null(Failure("[CERTIFICATE_EXPIRATION] < 9.5d", Healthy with { CertificateExpiresIn = TimeSpan.FromDays(9.25) }));
        Assert.Equal("'1..5h' is not a duration", Refusal("[CERTIFICATE_EXPIRATION] > 1..5h").Reason[..25]);
    }

    [Theory]
    [InlineData("0x1F", "[BODY].data == 31")]
    [InlineData("0x1F", "[BODY].data == 0x1f")]
    [InlineData("0X1F", "[BODY].data == 0b11111")]
    [InlineData("0x1F", "[BODY].data > 30")]
    [InlineData("0o17", "[BODY].data == 15")]
    [InlineData("0O17", "[BODY].data < 0x10")]
    [InlineData("0b101", "[BODY].data == 5")]
    [InlineData("-0x10", "[BODY].data == -16")]
    [InlineData("0x7FFFFFFFFFFFFFFF", "[BODY].data > 0")]
    [InlineData("17", "[BODY].data == 0x11")]
    public void Hexadecimal_octal_and_binary_integers_compare_as_numbers(string value, string condition) =>
        Assert.Null(Failure(condition, Healthy with { Body = $$"""{"data": "{{value}}"}""" }));

    [Theory]
    [InlineData("0x")]
    [InlineData("0xZZ")]
    [InlineData("0b102")]
    [InlineData("0x10000000000000000")]
    public void Text_that_only_looks_like_a_based_integer_compares_as_text(string value)
    {
        var facts = Healthy with { Body = $$"""{"data": "{{value}}"}""" };

        Assert.Null(Failure($"[BODY].data == {value}", facts));
        Assert.Equal($"[BODY].data ({value}) > 0", Failure("[BODY].data > 0", facts));
    }

    [Fact]
    public void A_leading_zero_is_decimal_not_octal()
    {
        var facts = Healthy with { Body = """{"data": "017"}""" };

        Assert.Null(Failure("[BODY].data == 17", facts));
        Assert.NotNull(Failure("[BODY].data == 15", facts));
    }

    [Theory]
    [InlineData("""[{"id": 1}, {"id": 2}, {"id": 3}]""", "len([BODY]) == 3")]
    [InlineData("""{"name": "john.doe"}""", "len([BODY]) == 20")]
    [InlineData("  OK\n", "len([BODY]) == 2")]
    [InlineData("[not json", "len([BODY]) == 9")]
    [InlineData("""{"data": [{"id": 1}, {"id": 2}]}""", "len([BODY].data) == 2")]
    [InlineData("""{"user": {"age": 18, "adult": true}}""", "len([BODY].user) == 23")]
    [InlineData("""{"o": {"a": 1}}""", "len([BODY].o) == 7")]
    [InlineData("""{"name": "José 🙂"}""", "len([BODY].name) == 6")]
    [InlineData("""{"age": 18}""", "len([BODY].age) == 2")]
    [InlineData("""{"adult": false}""", "len([BODY].adult) == 5")]
    public void Len_counts_array_elements_or_the_characters_of_anything_else(string body, string condition) =>
        Assert.Null(Failure(condition, Healthy with { Body = body }));

    [Fact]
    public void A_json_null_is_no_value()
    {
        var facts = Healthy with { Body = """{"data": null, "items": [null]}""" };

        Assert.Equal("[BODY].data (missing) == null", Failure("[BODY].data == null", facts));
        Assert.Equal("len([BODY].data) (missing) == 0", Failure("len([BODY].data) == 0", facts));
        Assert.Equal("[BODY].items[0] (missing) != x", Failure("[BODY].items[0] != x", facts));
        Assert.Null(Failure("len([BODY].items) == 1", facts));
    }

    [Fact]
    public void The_body_is_compared_without_surrounding_whitespace()
    {
        Assert.Null(Failure("[BODY] == OK", Healthy with { Body = "OK\n" }));
        Assert.Null(Failure("[BODY] == 42", Healthy with { Body = " 42 \r\n" }));
    }

    [Fact]
    public void Objects_and_arrays_in_a_json_body_compare_as_compact_json()
    {
        var facts = Healthy with { Body = """{"tags": ["a", "b"], "user": {"id": 1}}""" };

        Assert.Null(Failure("""[BODY].tags == ["a","b"]""", facts));
        Assert.Null(Failure("""[BODY].user == pat(*"id":1*)""", facts));
    }

    [Fact]
    public void Domain_expiration_compares_time_left_as_certificate_expiration_does()
    {
        var facts = Healthy with { DomainExpiresIn = TimeSpan.FromDays(60) };

        Assert.Null(Failure("[DOMAIN_EXPIRATION] > 720h", facts));
        Assert.Null(Failure("[DOMAIN_EXPIRATION] > [CERTIFICATE_EXPIRATION]", facts));
        Assert.Equal("[DOMAIN_EXPIRATION] (1440h0m0s) > 90d", Failure("[DOMAIN_EXPIRATION] > 90d", facts));
        Assert.Equal("[DOMAIN_EXPIRATION] (-2h0m0s) > 0s", Failure("[DOMAIN_EXPIRATION] > 0s", facts with { DomainExpiresIn = TimeSpan.FromHours(-2) }));
    }

    [Fact]
    public void An_unknown_domain_expiry_fails_and_says_so()
    {
        Assert.Equal("[DOMAIN_EXPIRATION] (expiry unknown) > 720h", Failure("[DOMAIN_EXPIRATION] > 720h"));
        Assert.Equal("[DOMAIN_EXPIRATION] (expiry unknown) < 720h", Failure("[DOMAIN_EXPIRATION] < 720h"));
    }

    [Theory]
    [InlineData("[DOMAIN_EXPIRATION] > 720", "'720' is not a duration", 23)]
    [InlineData("[DOMAIN_EXPIRATION] == pat(7*)", "pat() matches text; [DOMAIN_EXPIRATION] is not text", 24)]
    [InlineData("[DOMAIN_EXPIRATION].x > 1h", "Only [BODY] takes a JSON path, not [DOMAIN_EXPIRATION]", 20)]
    public void A_bad_domain_expiration_condition_is_refused_like_a_certificate_one(string condition, string reason, int position)
    {
        var error = Refusal(condition);

        Assert.StartsWith(reason, error.Reason);
        Assert.Equal(position, error.Position);
    }
}
