using System.Collections;

namespace Sentinel.ServiceDefaults;

/// <summary>
/// Docker and Kubernetes secrets arrive as files: <c>Smtp__Password_FILE=/run/secrets/smtp_password</c> sets
/// <c>Smtp:Password</c> to that file's content, so no secret needs to sit in an environment variable.
/// </summary>
public static class FileSettings
{
    public const string Suffix = "_FILE";

    /// <summary>The settings named by <c>*_FILE</c> variables in <paramref name="environment"/>, read from their files.</summary>
    public static Dictionary<string, string?> Read(IDictionary environment)
    {
        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in environment)
        {
            var name = (string)variable.Key;
            // Only sectioned keys (Smtp__Password_FILE), which is every Sentinel setting: other programs' *_FILE
            // variables (TF_CLI_CONFIG_FILE, HISTFILE-likes) are none of our business.
            if (!name.EndsWith(Suffix, StringComparison.Ordinal) || !name.Contains("__", StringComparison.Ordinal) || variable.Value is not string path)
            {
                continue;
            }

            string content;
            try
            {
                content = File.ReadAllText(path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
            {
                throw new InvalidOperationException($"{name} names '{path}', which cannot be read: {ex.Message}", ex);
            }

            // A secret file usually ends with a newline that is not part of the secret.
            settings[name[..^Suffix.Length].Replace("__", ":", StringComparison.Ordinal)] = content.TrimEnd('\r', '\n');
        }

        return settings;
    }
}
