using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Sentinel.Checker.Tests;

/// <summary>
/// A small DNS server on 127.0.0.1 for checks to query: it answers A and MX questions from its tables,
/// NXDOMAIN for names it does not know, and nothing at all while <see cref="Silent"/>.
/// </summary>
public sealed class DnsResponder : IAsyncDisposable
{
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _serving;
    private int _queries;

    public DnsResponder() => _serving = ServeAsync();

    public int Port => ((IPEndPoint)_socket.Client.LocalEndPoint!).Port;

    /// <summary>A records by name.</summary>
    public Dictionary<string, string[]> A { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>MX records by name: preference and the exchange's first label, under the queried name.</summary>
    public Dictionary<string, (ushort Preference, string Label)> Mx { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>While set, queries go unanswered.</summary>
    public bool Silent { get; set; }

    /// <summary>Queries received so far, answered or not.</summary>
    public int Queries => Volatile.Read(ref _queries);

    public string Url(string name, string? type = null) => $"dns://127.0.0.1:{Port}/{name}" + (type is null ? "" : $"?type={type}");

    private async Task ServeAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            UdpReceiveResult query;
            try
            {
                query = await _socket.ReceiveAsync(_stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Increment(ref _queries);
            if (!Silent)
            {
                await _socket.SendAsync(Answer(query.Buffer), query.RemoteEndPoint, _stopping.Token);
            }
        }
    }

    private byte[] Answer(byte[] query)
    {
        var labels = new List<string>();
        var at = 12;
        while (query[at] != 0)
        {
            labels.Add(Encoding.ASCII.GetString(query, at + 1, query[at]));
            at += 1 + query[at];
        }

        var questionEnd = at + 5;
        var name = string.Join('.', labels);
        var type = BinaryPrimitives.ReadUInt16BigEndian(query.AsSpan(at + 1));
        var records = new List<(ushort Type, byte[] Data)>();
        if (type == 1 && A.TryGetValue(name, out var addresses))
        {
            records.AddRange(addresses.Select(a => ((ushort)1, IPAddress.Parse(a).GetAddressBytes())));
        }

        if (type == 15 && Mx.TryGetValue(name, out var mx))
        {
            // Preference, then the exchange as one label and a compression pointer to the question's name.
            byte[] data = [(byte)(mx.Preference >> 8), (byte)mx.Preference, (byte)mx.Label.Length, .. Encoding.ASCII.GetBytes(mx.Label), 0xC0, 12];
            records.Add((15, data));
        }

        var known = A.ContainsKey(name) || Mx.ContainsKey(name);
        var response = new List<byte>(query[..questionEnd]);
        response[2] = 0x81; // QR, RD
        response[3] = (byte)(0x80 | (known ? 0 : 3)); // RA, NOERROR or NXDOMAIN
        response[7] = (byte)records.Count;
        foreach (var (recordType, data) in records)
        {
            response.AddRange([0xC0, 12, 0, (byte)recordType, 0, 1, 0, 0, 0, 60, 0, (byte)data.Length, .. data]);
        }

        return response.ToArray();
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        await _serving;
        _socket.Dispose();
        _stopping.Dispose();
    }
}
