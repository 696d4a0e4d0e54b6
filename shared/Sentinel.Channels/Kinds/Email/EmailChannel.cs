using System.ComponentModel.DataAnnotations;
using MimeKit;
using Sentinel.Checks;

namespace Sentinel.Channels.Kinds.Email;

/// <summary>Mail recipients; the mail server is the alerter's (<see cref="SmtpOptions"/>).</summary>
public sealed record EmailChannel : ChannelSettings
{
    public const int MaxRecipients = 20;

    /// <summary>The longest mail address (RFC 5321's path limit, less its angle brackets).</summary>
    public const int MaxAddressLength = 254;

    [MaxLength(MaxRecipients)]
    [Items(MaxLength = MaxAddressLength)]
    [Display(Name = "Recipients", Description = "One address a line (or comma-separated), 1 to 20; sent through the alerter's mail server.")]
    public IReadOnlyList<string>? To { get; init; }

    protected override ChannelSettings ResolveOwn(ChannelSettings? stored, CheckErrors errors)
    {
        var to = To?.Select(a => a.Trim()).ToList();
        if (to is not { Count: > 0 and <= MaxRecipients })
        {
            errors.Add("to", $"Between 1 and {MaxRecipients} addresses are required.");
        }
        else if (to.FirstOrDefault(a => !IsMailAddress(a)) is { } bad)
        {
            errors.Add("to", $"'{bad}' is not a mail address.");
        }

        return new EmailChannel { To = to };
    }

    public override ChannelSettings Masked() => this;

    public override string Destination => string.Join(", ", To ?? []);

    /// <summary>
    /// Whether the alerter can send to <paramref name="address"/>: read by MimeKit, the parser it sends with (.NET's
    /// MailAddress takes addresses MimeKit refuses, such as <c>x.@example.com</c>), and with a domain, which MimeKit
    /// does not insist on.
    /// </summary>
    public static bool IsMailAddress(string address) =>
        address.Length <= MaxAddressLength && MailboxAddress.TryParse(address, out var mailbox) && mailbox.Domain.Length > 0;
}
