using System.Diagnostics;
using System.Net;

namespace Sentinel.Pipeline.Tests.Regions;

/// <summary>
/// Places on this machine that can lose their way to a target and only to it: one Linux network namespace per region,
/// joined to the host by a veth pair. From a namespace, the broker and the target are two addresses the host holds on
/// its loopback interface (a kernel without the dummy link type has no better place) (<see cref="BrokerAddress"/>, <see cref="TargetAddress"/>), each behind a
/// <see cref="Testing.TcpRelay"/> to the loopback server; cutting a region adds an <c>unreachable</c> route to the target's
/// address inside its namespace, so its checker sees "no route to host" while it still reaches the broker.
/// </summary>
/// <remarks>Needs root (CAP_NET_ADMIN), as <c>./sentinel test</c> runs; every name carries a random id, so concurrent runs do not meet.</remarks>
public sealed class RegionNetwork : IAsyncDisposable
{
    private readonly string _id = Convert.ToHexString(Guid.NewGuid().ToByteArray()[..2]).ToLowerInvariant();
    private readonly int _octet = 100 + Random.Shared.Next(150);
    private readonly Dictionary<string, int> _regions = [];
    private readonly List<IPAddress> _held = [];

    /// <summary>Where a namespace reaches the broker's relay.</summary>
    public IPAddress BrokerAddress => IPAddress.Parse($"10.{_octet}.254.1");

    /// <summary>Where every region, and the host, reaches the target's relay.</summary>
    public IPAddress TargetAddress => IPAddress.Parse($"10.{_octet}.255.1");

    public string NamespaceOf(string region) => $"snt-{_id}-{region}";

    /// <summary>The address of <paramref name="region"/>'s end of its veth pair, where its processes listen.</summary>
    public IPAddress AddressOf(string region) => IPAddress.Parse($"10.{_octet}.{_regions[region]}.2");

    public static async Task<RegionNetwork> CreateAsync(params string[] regions)
    {
        var network = new RegionNetwork();
        try
        {
            await network.HoldAsync(network.BrokerAddress);
            await network.HoldAsync(network.TargetAddress);
            foreach (var region in regions)
            {
                await network.AddRegionAsync(region);
            }
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }

        return network;
    }

    private async Task HoldAsync(IPAddress address)
    {
        await IpAsync($"addr add {address}/32 dev lo");
        _held.Add(address);
    }

    private async Task AddRegionAsync(string region)
    {
        var n = _regions.Count + 1;
        _regions[region] = n;
        var ns = NamespaceOf(region);
        string host = $"snt{_id}{n}h", inside = $"snt{_id}{n}n";
        await IpAsync($"netns add {ns}");
        await IpAsync($"link add {host} type veth peer name {inside}");
        await IpAsync($"link set {inside} netns {ns}");
        await IpAsync($"addr add 10.{_octet}.{n}.1/30 dev {host}");
        await IpAsync($"link set {host} up");
        await IpAsync($"-n {ns} addr add 10.{_octet}.{n}.2/30 dev {inside}");
        await IpAsync($"-n {ns} link set {inside} up");
        await IpAsync($"-n {ns} link set lo up");
        await IpAsync($"-n {ns} route add default via 10.{_octet}.{n}.1");
    }

    /// <summary>From now on <paramref name="region"/> has no route to the target (and still one to the broker).</summary>
    public Task CutTargetAsync(string region) => IpAsync($"-n {NamespaceOf(region)} route add unreachable {TargetAddress}/32");

    public Task RestoreTargetAsync(string region) => IpAsync($"-n {NamespaceOf(region)} route del unreachable {TargetAddress}/32");

    public async ValueTask DisposeAsync()
    {
        // Deleting a namespace deletes its end of the veth pair, and with it the host's end.
        foreach (var region in _regions.Keys)
        {
            await IpAsync($"netns del {NamespaceOf(region)}", mayFail: true);
        }

        foreach (var address in _held)
        {
            await IpAsync($"addr del {address}/32 dev lo", mayFail: true);
        }
    }

    private static async Task IpAsync(string arguments, bool mayFail = false)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var argument in arguments.Split(' '))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0 && !mayFail)
        {
            throw new InvalidOperationException(
                $"ip {arguments} failed ({process.ExitCode}): {error.Trim()}. The regions test makes network namespaces, which needs root (CAP_NET_ADMIN).");
        }
    }
}
