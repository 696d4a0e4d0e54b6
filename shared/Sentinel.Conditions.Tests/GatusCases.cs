using Sentinel.Conditions;

namespace Sentinel.Conditions.Tests;

/// <summary>What a condition came to: refused when saved, or parsed and then held or failed against a check's facts.</summary>
public enum Verdict
{
    Refused,
    Accepted,
    Holds,
    Fails,
}

/// <summary>
/// One scenario of Gatus's own condition tests (config/endpoint/condition_test.go, TestCondition_Validate and
/// TestCondition_evaluate), as data: the condition, what the check saw (null: only parsed, as Gatus's Validate does)
/// and Gatus's verdict. The [CONTEXT] scenarios are left out: Sentinel has no suites to carry a context.
/// </summary>
public sealed record GatusCase(string Name, string Condition, CheckFacts? Facts, Verdict Gatus)
{
    public override string ToString() => Name;

    public Verdict SentinelVerdict()
    {
        try
        {
            var condition = Conditions.Condition.Parse(Condition);
            return Facts is null ? Verdict.Accepted : condition.Evaluate(Facts) is null ? Verdict.Holds : Verdict.Fails;
        }
        catch (ConditionException)
        {
            return Verdict.Refused;
        }
    }
}

public static class GatusCases
{
    private const string HtmlUser = """<!DOCTYPE html><html lang="en"><head><meta http-equiv="Content-Type" content="text/html; charset=UTF-8" /></head><body><div id="user">john.doe</div></body></html>""";
    private const string ArticleBody = "{\n  \"article\": {\n    \"id\": 123,\n    \"title\": \"Hello, world!\",\n    \"author\": \"John Doe\",\n    \"tags\": [\"hello\", \"world\"],\n    \"content\": \"I really like Gatus!\"\n  }\n}";

    private static GatusCase Valid(string condition) => new("validate: " + condition, condition, null, Verdict.Accepted);

    private static GatusCase Invalid(string condition) => new("validate: " + condition, condition, null, Verdict.Refused);

    private static CheckFacts Status(int status) => new() { Status = status };

    private static CheckFacts Ms(double ms) => new() { ResponseTimeMs = ms };

    private static CheckFacts Body(string body) => new() { Body = body };

    public static IReadOnlyList<GatusCase> All { get; } =
    [
        Valid("[STATUS] == 200"),
        Valid("[STATUS] != 200"),
        Valid("[STATUS] <= 200"),
        Valid("[STATUS] >= 200"),
        Valid("[STATUS] < 200"),
        Valid("[STATUS] > 200"),
        Valid("[STATUS] == any(200, 201, 202, 203)"),
        Valid("[STATUS] == [BODY].status"),
        Valid("[CONNECTED] == true"),
        Valid("[RESPONSE_TIME] < 500"),
        Valid("[IP] == 127.0.0.1"),
        Valid("[BODY] == 1"),
        Valid("[BODY].test == wat"),
        Valid("[BODY].test.wat == wat"),
        Valid("[BODY].age == [BODY].id"),
        Valid("[BODY].users[0].id == 1"),
        Valid("len([BODY].users) == 100"),
        Valid("len([BODY].data) < 5"),
        Valid("has([BODY].errors) == false"),
        Valid("has([BODY].users[0].name) == true"),
        Valid("[BODY].name == pat(john*)"),
        Valid("[CERTIFICATE_EXPIRATION] > 48h"),
        Valid("[DOMAIN_EXPIRATION] > 720h"),
        Valid("raw == raw"),
        Invalid("[STATUS] ? 201"),
        Invalid("[STATUS]==201"),
        Invalid("[STATUS] = = 201"),
        Invalid("[STATUS] =="),
        Invalid("[STATUS]"),

        new("ip", "[IP] == 127.0.0.1", new() { Addresses = ["127.0.0.1"] }, Verdict.Holds),
        new("status", "[STATUS] == 200", Status(200), Verdict.Holds),
        new("status-failure", "[STATUS] == 200", Status(500), Verdict.Fails),
        new("status-using-less-than", "[STATUS] < 300", Status(201), Verdict.Holds),
        new("status-using-less-than-failure", "[STATUS] < 300", Status(404), Verdict.Fails),
        new("response-time-using-less-than", "[RESPONSE_TIME] < 500", Ms(50), Verdict.Holds),
        new("response-time-using-less-than-with-duration", "[RESPONSE_TIME] < 1s", Ms(50), Verdict.Holds),
        new("response-time-using-less-than-invalid", "[RESPONSE_TIME] < potato", Ms(50), Verdict.Fails),
        new("response-time-using-greater-than", "[RESPONSE_TIME] > 500", Ms(750), Verdict.Holds),
        new("response-time-using-greater-than-with-duration", "[RESPONSE_TIME] > 1s", Ms(2000), Verdict.Holds),
        new("response-time-using-greater-than-or-equal-to-equal", "[RESPONSE_TIME] >= 500", Ms(500), Verdict.Holds),
        new("response-time-using-greater-than-or-equal-to-greater", "[RESPONSE_TIME] >= 500", Ms(499), Verdict.Fails),
        new("response-time-using-greater-than-or-equal-to-failure", "[RESPONSE_TIME] >= 500", Ms(499), Verdict.Fails),
        new("response-time-using-less-than-or-equal-to-equal", "[RESPONSE_TIME] <= 500", Ms(500), Verdict.Holds),
        new("response-time-using-less-than-or-equal-to-less", "[RESPONSE_TIME] <= 500", Ms(25), Verdict.Holds),
        new("response-time-using-less-than-or-equal-to-failure", "[RESPONSE_TIME] <= 500", Ms(750), Verdict.Fails),
        new("body", "[BODY] == test", Body("test"), Verdict.Holds),
        new("body-resolved-on-success", "[BODY].status == UP", Body("""{"status":"UP"}"""), Verdict.Holds),
        new("body-numerical-equal", "[BODY] == 123", Body("123"), Verdict.Holds),
        new("body-numerical-less-than", "[BODY] < 124", Body("123"), Verdict.Holds),
        new("body-numerical-greater-than", "[BODY] > 122", Body("123"), Verdict.Holds),
        new("body-numerical-greater-than-failure", "[BODY] > 123", Body("100"), Verdict.Fails),
        new("body-jsonpath", "[BODY].status == UP", Body("""{"status":"UP"}"""), Verdict.Holds),
        new("body-jsonpath-complex", "[BODY].data.name == john", Body("""{"data": {"id": 1, "name": "john"}}"""), Verdict.Holds),
        new("body-jsonpath-complex-invalid", "[BODY].data.name == john", Body("""{"data": {"id": 1}}"""), Verdict.Fails),
        new("body-jsonpath-complex-len-invalid", "len([BODY].data.name) == john", Body("""{"data": {"id": 1}}"""), Verdict.Fails),
        new("body-jsonpath-double-placeholder", "[BODY].user.firstName != [BODY].user.lastName", Body("""{"user": {"firstName": "john", "lastName": "doe"}}"""), Verdict.Holds),
        new("body-jsonpath-double-placeholder-failure", "[BODY].user.firstName == [BODY].user.lastName", Body("""{"user": {"firstName": "john", "lastName": "doe"}}"""), Verdict.Fails),
        new("body-jsonpath-when-body-is-array", "[BODY][0].id == 1", Body("""[{"id": 1}, {"id": 2}]"""), Verdict.Holds),
        new("body-jsonpath-when-body-has-null-parameter", "[BODY].data == OK", Body("{\"data\": null}\""), Verdict.Fails),
        new("body-jsonpath-when-body-has-array-with-null", "[BODY].items[0] == OK", Body("{\"items\": [null, null]}\""), Verdict.Fails),
        new("body-jsonpath-when-body-is-null", "[BODY].data == OK", Body("null"), Verdict.Fails),
        new("body-jsonpath-when-body-is-array-but-actual-body-is-not", "[BODY][0].name == test", Body("""{"statusCode": 500, "message": "Internal Server Error"}"""), Verdict.Fails),
        new("body-jsonpath-complex-int", "[BODY].data.id == 1", Body("""{"data": {"id": 1}}"""), Verdict.Holds),
        new("body-jsonpath-complex-array-int", "[BODY].data[1].id == 2", Body("""{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"""), Verdict.Holds),
        new("body-jsonpath-complex-int-using-greater-than", "[BODY].data.id > 0", Body("""{"data": {"id": 1}}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-greater-than", "[BODY].data > 0", Body("""{"data": "0x1"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-equal-to-0x1", "[BODY].data == 1", Body("""{"data": "0x1"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-equals", "[BODY].data == 0x1", Body("""{"data": "0x1"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-equal-to-0x2", "[BODY].data == 2", Body("""{"data": "0x2"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-equal-to-0xF", "[BODY].data == 15", Body("""{"data": "0xF"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-using-equal-to-0xC0ff33", "[BODY].data == 12648243", Body("""{"data": "0xC0ff33"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-len", "len([BODY].data) == 3", Body("""{"data": "0x1"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-greater", "[BODY].data >= 1", Body("""{"data": "0x01"}"""), Verdict.Holds),
        new("body-jsonpath-hexadecimal-int-0x01-len", "len([BODY].data) == 4", Body("""{"data": "0x01"}"""), Verdict.Holds),
        new("body-jsonpath-octal-int-using-greater-than", "[BODY].data > 0", Body("""{"data": "0o1"}"""), Verdict.Holds),
        new("body-jsonpath-octal-int-using-equal", "[BODY].data == 2", Body("""{"data": "0o2"}"""), Verdict.Holds),
        new("body-jsonpath-octal-int-using-equals", "[BODY].data == 0o2", Body("""{"data": "0o2"}"""), Verdict.Holds),
        new("body-jsonpath-binary-int-using-greater-than", "[BODY].data > 0", Body("""{"data": "0b1"}"""), Verdict.Holds),
        new("body-jsonpath-binary-int-using-equal", "[BODY].data == 2", Body("""{"data": "0b0010"}"""), Verdict.Holds),
        new("body-jsonpath-binary-int-using-equals", "[BODY].data == 0b10", Body("""{"data": "0b0010"}"""), Verdict.Holds),
        new("body-jsonpath-complex-int-using-greater-than-failure", "[BODY].data.id > 5", Body("""{"data": {"id": 1}}"""), Verdict.Fails),
        new("body-jsonpath-float-using-greater-than-issue433", "[BODY].balance > 100", Body("""{"balance": "123.40000000000005"}"""), Verdict.Holds),
        new("body-jsonpath-complex-int-using-less-than", "[BODY].data.id < 5", Body("""{"data": {"id": 2}}"""), Verdict.Holds),
        new("body-jsonpath-complex-int-using-less-than-failure", "[BODY].data.id < 5", Body("""{"data": {"id": 10}}"""), Verdict.Fails),
        new("connected", "[CONNECTED] == true", new() { Connected = true }, Verdict.Holds),
        new("connected-failure", "[CONNECTED] == true", new() { Connected = false }, Verdict.Fails),
        new("certificate-expiration-not-set", "[CERTIFICATE_EXPIRATION] == 0", new(), Verdict.Holds),
        new("certificate-expiration-greater-than-numerical", "[CERTIFICATE_EXPIRATION] > 2419200000", new() { CertificateExpiresIn = TimeSpan.FromDays(60) }, Verdict.Holds),
        new("certificate-expiration-greater-than-numerical-failure", "[CERTIFICATE_EXPIRATION] > 2419200000", new() { CertificateExpiresIn = TimeSpan.FromDays(14) }, Verdict.Fails),
        new("certificate-expiration-greater-than-duration", "[CERTIFICATE_EXPIRATION] > 12h", new() { CertificateExpiresIn = TimeSpan.FromHours(24) }, Verdict.Holds),
        new("certificate-expiration-greater-than-duration (48h)", "[CERTIFICATE_EXPIRATION] > 48h", new() { CertificateExpiresIn = TimeSpan.FromHours(24) }, Verdict.Fails),
        new("no-placeholders", "1 == 2", new(), Verdict.Fails),
        new("len-body-jsonpath-complex", "len([BODY].data.name) == 4", Body("""{"data": {"name": "john"}}"""), Verdict.Holds),
        new("len-body-array", "len([BODY]) == 3", Body("""[{"id": 1}, {"id": 2}, {"id": 3}]"""), Verdict.Holds),
        new("len-body-keyed-array", "len([BODY].data) == 3", Body("""{"data": [{"id": 1}, {"id": 2}, {"id": 3}]}"""), Verdict.Holds),
        new("len-body-array-invalid", "len([BODY].data) == 8", Body("""{"name": "john.doe"}"""), Verdict.Fails),
        new("len-body-string", "len([BODY]) == 8", Body("john.doe"), Verdict.Holds),
        new("len-body-keyed-string", "len([BODY].name) == 8", Body("""{"name": "john.doe"}"""), Verdict.Holds),
        new("len-body-keyed-int", "len([BODY].age) == 2", Body("""{"age":18}"""), Verdict.Holds),
        new("len-body-keyed-bool", "len([BODY].adult) == 4", Body("""{"adult":true}"""), Verdict.Holds),
        new("len-body-object-inside-array", "len([BODY][0]) == 23", Body("""[{"age":18,"adult":true}]"""), Verdict.Holds),
        new("len-body-object-keyed-int-inside-array", "len([BODY][0].age) == 2", Body("""[{"age":18,"adult":true}]"""), Verdict.Holds),
        new("len-body-keyed-bool-inside-array", "len([BODY][0].adult) == 4", Body("""[{"age":18,"adult":true}]"""), Verdict.Holds),
        new("len-body-object", "len([BODY]) == 20", Body("""{"name": "john.doe"}"""), Verdict.Holds),
        new("pat-body-1", "[BODY] == pat(*john*)", Body("""{"name": "john.doe"}"""), Verdict.Holds),
        new("pat-body-2", "[BODY].name == pat(john*)", Body("""{"name": "john.doe"}"""), Verdict.Holds),
        new("pat-body-failure", "[BODY].name == pat(bob*)", Body("""{"name": "john.doe"}"""), Verdict.Fails),
        new("pat-body-html", """[BODY] == pat(*<div id="user">john.doe</div>*)""", Body(HtmlUser), Verdict.Holds),
        new("pat-body-html-failure", """[BODY] == pat(*<div id="user">john.doe</div>*)""", Body(HtmlUser.Replace("john", "jane")), Verdict.Fails),
        new("pat-body-html-failure-alt", """pat(*<div id="user">john.doe</div>*) == [BODY]""", Body(HtmlUser.Replace("john", "jane")), Verdict.Fails),
        new("pat-body-in-array", "[BODY].data == pat(*Whatever*)", Body("""{"data": ["hello", "world", "Whatever"]}"""), Verdict.Holds),
        new("pat-ip", "[IP] == pat(10.*)", new() { Addresses = ["10.0.0.0"] }, Verdict.Holds),
        new("pat-ip-failure", "[IP] == pat(10.*)", new() { Addresses = ["255.255.255.255"] }, Verdict.Fails),
        new("pat-status", "[STATUS] == pat(4*)", Status(404), Verdict.Holds),
        new("pat-status-failure", "[STATUS] == pat(4*)", Status(200), Verdict.Fails),
        new("any-body-1", "[BODY].name == any(john.doe, jane.doe)", Body("""{"name": "john.doe"}"""), Verdict.Holds),
        new("any-body-2", "[BODY].name == any(john.doe, jane.doe)", Body("""{"name": "jane.doe"}"""), Verdict.Holds),
        new("any-body-failure", "[BODY].name == any(john.doe, jane.doe)", Body("""{"name": "bob"}"""), Verdict.Fails),
        new("any-status-1", "[STATUS] == any(200, 429)", Status(200), Verdict.Holds),
        new("any-status-2", "[STATUS] == any(200, 429)", Status(429), Verdict.Holds),
        new("any-status-reverse", "any(200, 429) == [STATUS]", Status(429), Verdict.Holds),
        new("any-status-failure", "[STATUS] == any(200, 429)", Status(404), Verdict.Fails),
        new("any-status-failure-but-dont-resolve", "[STATUS] == any(200, 429)", Status(404), Verdict.Fails),
        new("has", "has([BODY].errors) == false", Body("{}"), Verdict.Holds),
        new("has-key-of-map", "has([BODY].article) == true", Body(ArticleBody), Verdict.Holds),
        new("has-failure", "has([BODY].errors) == false", Body("""{"errors": ["1"]}"""), Verdict.Fails),
        new("has-failure-but-dont-resolve", "has([BODY].errors) == false", Body("""{"errors": ["1"]}"""), Verdict.Fails),
        new("evaluateWithInvalidOperator", "[STATUS] ? 201", Status(201), Verdict.Fails),
    ];
}
