using Sentinel.Checks.Kinds;
using Sentinel.Checker.Probes.Dns;

namespace Sentinel.Checker.Tests;

public sealed class DnsMessageTests
{
    [Fact]
    public void A_query_asks_one_question_with_recursion_desired()
    {
        var query = DnsMessage.EncodeQuery(0xBEEF, "db.example.", DnsType.AAAA);

        byte[] expected =
        [
            0xBE, 0xEF, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0,
            2, (byte)'d', (byte)'b', 7, (byte)'e', (byte)'x', (byte)'a', (byte)'m', (byte)'p', (byte)'l', (byte)'e', 0,
            0, 28, 0, 1,
        ];
        Assert.Equal(expected, query);
    }

    [Fact]
    public void A_response_yields_its_rcode_and_each_answer_as_text_following_compressed_names()
    {
        byte[] question = [3, (byte)'w', (byte)'w', (byte)'w', 1, (byte)'x', 0, 0, 1, 0, 1];
        byte[] response =
        [
            0x12, 0x34, 0x81, 0x80, 0, 1, 0, 3, 0, 0, 0, 0, .. question,
            // www.x CNAME edge.x (a label, then a pointer to "x" at offset 16)
            0xC0, 12, 0, 5, 0, 1, 0, 0, 0, 60, 0, 7, 4, (byte)'e', (byte)'d', (byte)'g', (byte)'e', 0xC0, 16,
            // edge.x (a pointer to the CNAME's data, at offset 35) A 10.0.0.5
            0xC0, 35, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10, 0, 0, 5,
            // TXT with two strings
            0xC0, 12, 0, 16, 0, 1, 0, 0, 0, 60, 0, 6, 2, (byte)'o', (byte)'k', 2, (byte)'!', (byte)'!',
        ];

        var decoded = DnsMessage.DecodeResponse(response);

        Assert.Equal(0x1234, decoded.Id);
        Assert.Equal("NOERROR", decoded.Rcode);
        Assert.Equal([new DnsRecord(5, "edge.x"), new DnsRecord(1, "10.0.0.5"), new DnsRecord(16, "ok!!")], decoded.Answers);
    }

    [Theory]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x83, 0, 0, 0, 0, 0, 0, 0, 0 }, "NXDOMAIN")]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x82, 0, 0, 0, 0, 0, 0, 0, 0 }, "SERVFAIL")]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x85, 0, 0, 0, 0, 0, 0, 0, 0 }, "REFUSED")]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x8C, 0, 0, 0, 0, 0, 0, 0, 0 }, "RCODE12")]
    public void Response_codes_are_named(byte[] response, string rcode) => Assert.Equal(rcode, DnsMessage.DecodeResponse(response).Rcode);

    [Theory]
    [InlineData(new byte[] { 0x12, 0x34, 0x01, 0x00, 0, 0, 0, 0, 0, 0, 0, 0 }, "not a DNS response")]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0xC0, 12 }, "compression pointers loop")]
    [InlineData(new byte[] { 0x12, 0x34, 0x81, 0x80, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4, 10 }, "ends too early")]
    public void A_broken_message_is_refused_with_the_reason(byte[] response, string reason) =>
        Assert.Contains(reason, Assert.Throws<FormatException>(() => DnsMessage.DecodeResponse(response)).Message);
}
