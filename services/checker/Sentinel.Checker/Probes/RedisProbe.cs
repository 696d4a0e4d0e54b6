using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using Sentinel.Checks.Kinds;
using Sentinel.ServiceDefaults.Outbound;

namespace Sentinel.Checker.Probes;

/// <summary>
/// <c>redis://</c> and <c>rediss://</c>: speaks RESP itself over one fresh connection (TLS first for rediss://, with
/// the platform's usual certificate validation): AUTH when the URL has a password, SELECT when it names a database,
/// then PING. Up when each is accepted and PING answers PONG; otherwise down with the server's own error, such as
/// <c>PING failed: NOAUTH Authentication required.</c>, never with the password.
/// </summary>
public sealed class RedisProbe(OutboundGuard guard) : Probe<RedisCheck>
{
    // Redis answers these commands with one short line; anything longer is not Redis speaking.
    private const int MaxReplyBytes = 1024;
    private const int MaxShownChars = 200;

    protected override async Task<string?> ProbeAsync(RedisCheck spec, ProbeRun run, CancellationToken cancellationToken)
    {
        var (host, port) = spec.Endpoint();
        var socket = await guard.ConnectAsync(host, port, cancellationToken);
        run.Connected = true;
        var connection = new NetworkStream(socket, ownsSocket: true);
        await using var stream = spec.UsesTls() ? new SslStream(connection) : (Stream)connection;
        if (stream is SslStream tls)
        {
            try
            {
                await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = run.Target.DnsSafeHost }, cancellationToken);
            }
            catch (AuthenticationException ex)
            {
                return $"the TLS handshake failed: {ex.Message}";
            }
        }

        var (user, password) = spec.Credentials();
        var commands = new List<(string[] Command, string Expected)>();
        if (password is not null)
        {
            commands.Add((user is not null ? ["AUTH", user, password] : ["AUTH", password], "OK"));
        }

        if (spec.Database() is { } database)
        {
            commands.Add((["SELECT", database.ToString(CultureInfo.InvariantCulture)], "OK"));
        }

        commands.Add((["PING"], "PONG"));

        // Sent at once, so the check costs one round trip; the replies come back in order, and the first that is
        // not the expected one says why the check is down (after a failed AUTH the rest only repeat NOAUTH).
        await stream.WriteAsync(Encode(commands.Select(c => c.Command)), cancellationToken);
        var replies = new ReplyReader(stream);
        foreach (var (command, expected) in commands)
        {
            var name = command[0];
            var reply = await replies.NextAsync(cancellationToken);
            if (reply is null)
            {
                return $"the server closed the connection without answering {name}";
            }

            if (reply.StartsWith('-'))
            {
                return $"{name} failed: {Shown(reply[1..], password)}";
            }

            if (reply != "+" + expected)
            {
                return $"not a Redis answer to {name}: '{Shown(reply, password)}'";
            }
        }

        run.Answered();
        return null;
    }

    /// <summary>Commands as RESP arrays of bulk strings, which carry any bytes (a password with spaces too).</summary>
    private static byte[] Encode(IEnumerable<string[]> commands)
    {
        var text = new StringBuilder();
        foreach (var command in commands)
        {
            text.Append(CultureInfo.InvariantCulture, $"*{command.Length}\r\n");
            foreach (var part in command)
            {
                text.Append(CultureInfo.InvariantCulture, $"${Encoding.UTF8.GetByteCount(part)}\r\n{part}\r\n");
            }
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// A server's text as the history may show it: without the password (a server that is not Redis may echo what
    /// it was sent), control characters and all but the first <see cref="MaxShownChars"/> characters.
    /// </summary>
    private static string Shown(string text, string? password)
    {
        if (!string.IsNullOrEmpty(password))
        {
            text = text.Replace(password, "…", StringComparison.Ordinal);
        }

        text = new string(text.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return text.Length <= MaxShownChars ? text : text[..MaxShownChars] + "…";
    }

    /// <summary>Reads replies line by line; each is at most <see cref="MaxReplyBytes"/>, more comes back cut.</summary>
    private sealed class ReplyReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[MaxReplyBytes];
        private int _start;
        private int _end;

        /// <summary>The next line without its CRLF; null when the server closed the connection first.</summary>
        public async Task<string?> NextAsync(CancellationToken cancellationToken)
        {
            while (true)
            {
                var newline = _buffer.AsSpan(_start, _end - _start).IndexOf("\r\n"u8);
                if (newline >= 0)
                {
                    var line = Encoding.UTF8.GetString(_buffer, _start, newline);
                    _start += newline + 2;
                    return line;
                }

                Array.Copy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
                if (_end == _buffer.Length)
                {
                    _end = 0;
                    return Encoding.UTF8.GetString(_buffer);
                }

                var read = await stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken);
                if (read == 0)
                {
                    var rest = _end == 0 ? null : Encoding.UTF8.GetString(_buffer, 0, _end);
                    _end = 0;
                    return rest;
                }

                _end += read;
            }
        }
    }
}
