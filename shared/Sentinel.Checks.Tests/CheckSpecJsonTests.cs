using System.Text.Json;
using Sentinel.Checks.Kinds;

namespace Sentinel.Checks.Tests;

/// <summary>What a spec's JSON holds: the monitor document shows it, and a client sends it back.</summary>
public sealed class CheckSpecJsonTests
{
    public static TheoryData<string> Kinds => new(CheckKinds.All.Select(k => k.Name));

    /// <summary>
    /// A computed property (a parsed URL, a DNS name) written into the JSON would show in the monitor's document as a
    /// field nobody can set, and could clash with the monitor's own fields (a dns check's name and type did).
    /// </summary>
    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_spec_writes_only_fields_a_client_can_send_back(string kind)
    {
        var spec = CheckSpecJson.Options.GetTypeInfo(CheckKinds.Named(kind)!.SpecType);

        Assert.Empty(spec.Properties.Where(p => p.Get is not null && p.Set is null).Select(p => p.Name));
    }

    [Fact]
    public void A_spec_is_written_with_its_kind_and_settable_fields_only()
    {
        var json = CheckSpecJson.ToElement(new DnsCheck { Url = "dns://10.0.0.53/example.com?type=MX", TimeoutSeconds = 2 });

        var fields = json.EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal("kind", fields[0]);
        Assert.Equal(["conditions", "kind", "retries", "timeoutSeconds", "url"], fields.Order());
        Assert.Equal(CheckSpecJson.Fields(CheckKinds.Of(typeof(DnsCheck))).Order(), fields.Order());
    }

    [Fact]
    public void A_spec_reads_back_whatever_order_its_fields_come_in()
    {
        var spec = CheckSpecJson.Deserialize("""{"url": "tcp://db.internal:5432", "kind": "tcp", "timeoutSeconds": 3}""");

        Assert.Equal(new TcpCheck { Url = "tcp://db.internal:5432", TimeoutSeconds = 3 }, spec);
    }

    [Fact]
    public void A_password_in_any_kind_of_url_is_masked_when_shown()
    {
        var shown = (HttpCheck)new HttpCheck { Url = "https://monitor:correct-horse@shop.example/health", BearerToken = "tok-1234567" }.Masked();

        Assert.Equal("https://monitor:%E2%80%A6orse@shop.example/health", shown.Url);
        Assert.Equal("…567", shown.BearerToken);
        Assert.DoesNotContain("correct", JsonSerializer.Serialize(shown, CheckSpecJson.Options));
    }
}
