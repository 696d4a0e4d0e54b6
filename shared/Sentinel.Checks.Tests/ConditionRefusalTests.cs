using Sentinel.Conditions;

namespace Sentinel.Checks.Tests;

/// <summary>A condition names what a check observes; each kind of check says what that is.</summary>
public sealed class ConditionRefusalTests
{
    [Theory]
    [InlineData("[STATUS] == 200", "tcp", "[STATUS] does not apply to tcp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("len([BODY].items) > 0", "tcp", "[BODY] does not apply to tcp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "http", "[CERTIFICATE_EXPIRATION] does not apply to http:// checks, only to https://, tls:// and grpcs:// (at 1)")]
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
    [InlineData("[DOMAIN_EXPIRATION] > 720h", "http", null)]
    [InlineData("[DOMAIN_EXPIRATION] > 720h", "https", null)]
    [InlineData("[DOMAIN_EXPIRATION] > 720h", "tls", "[DOMAIN_EXPIRATION] does not apply to tls:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CONNECTED] == [BODY].up", "tcp", "[BODY] does not apply to tcp:// checks, only to http:// and https:// (at 16)")]
    [InlineData("200 == [STATUS]", "dns", "[STATUS] does not apply to dns:// checks, only to http:// and https:// (at 8)")]
    [InlineData("[RESPONSE_TIME] < [BODY].limit", "http", null)]
    [InlineData("[CONNECTED] == true", "icmp", null)]
    [InlineData("[STATUS] == 200", "icmp", "[STATUS] does not apply to icmp:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[IP] == 10.0.0.5", "icmp", "[IP] does not apply to icmp:// checks, only to dns:// (at 1)")]
    [InlineData("[CONNECTED] == true", "redis", null)]
    [InlineData("[RESPONSE_TIME] < 100", "rediss", null)]
    [InlineData("[STATUS] == 200", "redis", "[STATUS] does not apply to redis:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "rediss", "[CERTIFICATE_EXPIRATION] does not apply to rediss:// checks, only to https://, tls:// and grpcs:// (at 1)")]
    [InlineData("[CONNECTED] == true", "grpc", null)]
    [InlineData("[RESPONSE_TIME] < 100", "grpcs", null)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "grpcs", null)]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "grpc", "[CERTIFICATE_EXPIRATION] does not apply to grpc:// checks, only to https://, tls:// and grpcs:// (at 1)")]
    [InlineData("[STATUS] == 200", "grpc", "[STATUS] does not apply to grpc:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[BODY].status == SERVING", "grpcs", "[BODY] does not apply to grpcs:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CONNECTED] == true", "postgres", null)]
    [InlineData("[RESULT] > 0", "postgres", null)]
    [InlineData("[RESULT] == primary", "postgresql", null)]
    [InlineData("[RESULT] == 1", "https", "[RESULT] does not apply to https:// checks, only to postgres:// and postgresql:// (at 1)")]
    [InlineData("[RESPONSE_TIME] < 100", "postgresql", null)]
    [InlineData("[STATUS] == 200", "postgres", "[STATUS] does not apply to postgres:// checks, only to http:// and https:// (at 1)")]
    [InlineData("[CERTIFICATE_EXPIRATION] > 72h", "postgresql", "[CERTIFICATE_EXPIRATION] does not apply to postgresql:// checks, only to https://, tls:// and grpcs:// (at 1)")]
    public void Each_placeholder_applies_only_to_the_kinds_of_check_that_observe_it(string condition, string scheme, string? refusal) =>
        Assert.Equal(refusal, CheckKinds.Refusal(Condition.Parse(condition), scheme));
}
