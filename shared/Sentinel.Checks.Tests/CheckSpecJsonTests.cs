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
}
