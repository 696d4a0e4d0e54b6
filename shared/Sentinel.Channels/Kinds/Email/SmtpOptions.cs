using System.ComponentModel.DataAnnotations;

namespace Sentinel.Channels.Kinds.Email;

public enum SmtpSecurity
{
    None,
    StartTls,
    SslOnConnect,
}

/// <summary>The mail server for email channels. Bound from the <c>Smtp</c> section; unset means email channels fail.</summary>
public sealed class SmtpOptions : IValidatableObject
{
    public const string Section = "Smtp";

    public string? Host { get; set; }

    [Range(1, 65535)]
    public int Port { get; set; } = 587;

    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }
    public string? Password { get; set; }

    /// <summary>Sender address, e.g. <c>Sentinel &lt;sentinel@example.com&gt;</c>.</summary>
    public string? From { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(Host) && !MimeKit.MailboxAddress.TryParse(From ?? "", out _))
        {
            yield return new ValidationResult("Smtp:From must be a mail address when Smtp:Host is set.", [nameof(From)]);
        }
    }
}
