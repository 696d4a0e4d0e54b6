namespace Sentinel.Checks;

/// <summary>How secrets (passwords, tokens) are shown: masked, and recognised when sent back masked.</summary>
public static class SecretText
{
    /// <summary><c>s3cr3t-token-Xy9z</c> becomes <c>…Xy9z</c>: at most the last 4 characters, and no more than a third of them.</summary>
    public static string? Mask(string? secret) => secret is null ? null : $"…{secret[^Math.Min(4, secret.Length / 3)..]}";

    /// <summary>A secret sent back as the api showed it stands for the stored one.</summary>
    public static string? Unmask(string? sent, string? stored) =>
        sent is not null && stored is not null && sent == Mask(stored) ? stored : sent;
}
