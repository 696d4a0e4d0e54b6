using System.Net;
using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
namespace Sentinel.Channels.Kinds.Email;

/// <summary>
/// Email over SMTP (MailKit): a plain-text and an HTML part, a subject a mail filter can match, and a Message-ID
/// made from the delivery id.
/// </summary>
public sealed class EmailSender(IOptions<SmtpOptions> options) : ChannelSender<EmailChannel>
{
    protected override async Task SendAsync(Notification notification, EmailChannel settings, CancellationToken cancellationToken)
    {
        var smtp = options.Value;
        if (string.IsNullOrWhiteSpace(smtp.Host))
        {
            throw new DeliveryFailedException("no SMTP server is configured (set Smtp__Host and Smtp__From on the alerter)", transient: false);
        }

        // The api refuses such addresses; one stored before it did must fail with its reason, not MimeKit's.
        if (settings.To?.FirstOrDefault(a => !MailboxAddress.TryParse(a, out _)) is { } unreadable)
        {
            throw new DeliveryFailedException($"'{unreadable}' is not a mail address", transient: false);
        }

        var message = Compose(notification, MailboxAddress.Parse(smtp.From!), settings.To ?? []);
        using var client = new SmtpClient();
        try
        {
            await client.ConnectAsync(smtp.Host, smtp.Port, smtp.Security switch
            {
                SmtpSecurity.None => SecureSocketOptions.None,
                SmtpSecurity.SslOnConnect => SecureSocketOptions.SslOnConnect,
                _ => SecureSocketOptions.StartTls,
            }, cancellationToken);
            if (!string.IsNullOrEmpty(smtp.Username))
            {
                await client.AuthenticateAsync(new NetworkCredential(smtp.Username, smtp.Password), cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
        }
        catch (SmtpCommandException ex)
        {
            // 4xx replies are temporary by SMTP's own definition; 5xx (unknown mailbox, refused) are not.
            throw new DeliveryFailedException($"SMTP {(int)ex.StatusCode}: {ex.Message}", transient: (int)ex.StatusCode < 500, inner: ex);
        }
        catch (AuthenticationException ex)
        {
            throw new DeliveryFailedException($"SMTP authentication failed: {ex.Message}", transient: false, inner: ex);
        }
        catch (Exception ex) when (ex is SocketException or IOException or SmtpProtocolException or ServiceNotConnectedException)
        {
            throw new DeliveryFailedException($"could not talk to {smtp.Host}:{smtp.Port}: {ex.Message}", transient: true, inner: ex);
        }
    }

    public static MimeMessage Compose(Notification n, MailboxAddress from, IEnumerable<string> to)
    {
        var message = new MimeMessage { Subject = $"[Sentinel] {n.Title}" };
        if (n.DeliveryId is { } delivery)
        {
            // The same on every attempt: a notice sent again after a crash is a copy mail clients and servers drop.
            message.MessageId = $"{delivery}@{from.Domain}";
        }

        message.From.Add(from);
        message.To.AddRange(to.Select(MailboxAddress.Parse));
        var facts = n.Facts().ToList();
        var colour = n.Colour;
        message.Body = new BodyBuilder
        {
            TextBody = $"{n.Title}\n\n" + n.FactLines() + $"\n\nSentinel, {Notification.Time(n.ChangedAt)}\n",
            HtmlBody = $"""
                <h2 style="color:{colour}">{WebUtility.HtmlEncode(n.Title)}</h2>
                <table>{string.Concat(facts.Select(f => $"<tr><th align=\"left\">{WebUtility.HtmlEncode(f.Label)}</th><td>{WebUtility.HtmlEncode(f.Value)}</td></tr>"))}</table>
                <p style="color:#666">Sentinel, {Notification.Time(n.ChangedAt)}</p>
                """,
        }.ToMessageBody();
        return message;
    }
}
