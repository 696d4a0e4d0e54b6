using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Sentinel.Api.AsCode;

/// <summary>A file as <c>apply</c> sends it: its name (the path as typed, which the server's errors repeat) and its text.</summary>
public sealed record ConfigFile(string Name, string Content);

/// <summary>
/// The files of <c>apply -f PATH</c>, found and read on the machine that runs the command, with <c>${NAME}</c> taken
/// from its environment, so that secrets come from a CI's secret store rather than from git.
/// </summary>
public static partial class ConfigFiles
{
    /// <summary>What a directory's files must end with to be sent (a file named by itself is sent whatever its name).</summary>
    public static readonly IReadOnlyList<string> Extensions = [".yaml", ".yml", ".json"];

    /// <summary>Several <c>-f</c> arguments joined into the one default source.</summary>
    public const string SourceSeparator = "+";

    /// <summary>
    /// The files <paramref name="paths"/> name, each once, with its name and where it is: a file as it is; a directory
    /// as every file under it, at any depth, ending in one of <see cref="Extensions"/>, sorted by path, leaving out
    /// hidden ones (a name starting with <c>.</c>, or under such a directory: <c>.git/</c>, editors' swap files).
    /// Names keep the path as typed (<c>monitors/</c> gives <c>monitors/shop.yaml</c>), without a leading <c>./</c>.
    /// </summary>
    public static (IReadOnlyList<(string Name, string Path)> Files, string? Error) Collect(IReadOnlyList<string> paths)
    {
        var files = new List<(string Name, string Path)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var typed in paths)
        {
            var name = Normalise(typed);
            if (File.Exists(typed))
            {
                if (seen.Add(Path.GetFullPath(typed)))
                {
                    files.Add((name, typed));
                }

                continue;
            }

            if (!Directory.Exists(typed))
            {
                return ([], $"{typed}: no such file or directory.");
            }

            var found = Directory
                .EnumerateFiles(typed, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
                .Select(path => (Relative: Path.GetRelativePath(typed, path).Replace(Path.DirectorySeparatorChar, '/'), Path: path))
                .Where(file => !file.Relative.Split('/').Any(part => part.StartsWith('.')))
                .Where(file => Extensions.Any(extension => file.Relative.EndsWith(extension, StringComparison.OrdinalIgnoreCase)))
                .OrderBy(file => file.Relative, StringComparer.Ordinal)
                .ToList();
            if (found.Count == 0)
            {
                return ([], $"{typed}: no {string.Join(", ", Extensions.SkipLast(1))} or {Extensions[^1]} file under it.");
            }

            foreach (var (relative, path) in found.Where(file => seen.Add(Path.GetFullPath(file.Path))))
            {
                files.Add((name is "." ? relative : $"{name.TrimEnd('/')}/{relative}", path));
            }
        }

        return (files, null);
    }

    /// <summary>
    /// The source an apply without <c>--source</c> claims: the paths as typed, without a leading <c>./</c> or a trailing
    /// <c>/</c> (so <c>-f monitors</c>, <c>-f ./monitors/</c> and <c>-f monitors/</c> are one source), several joined
    /// by <see cref="SourceSeparator"/>.
    /// </summary>
    public static string DefaultSource(IReadOnlyList<string> paths) =>
        string.Join(SourceSeparator, paths.Select(path => Normalise(path) is var name && name.Length > 1 ? name.TrimEnd('/') : name));

    private static string Normalise(string typed)
    {
        var name = typed.Replace(Path.DirectorySeparatorChar, '/');
        while (name.StartsWith("./", StringComparison.Ordinal) && name.Length > 2)
        {
            name = name[2..].TrimStart('/');
        }

        return name is "./" ? "." : name;
    }

    /// <summary>
    /// <paramref name="text"/>, the file <paramref name="name"/>, with each <c>${NAME}</c> replaced by that environment
    /// variable's value, written so that YAML reads exactly that text: escaped inside a quoted string, as it is
    /// unquoted (so <c>${INTERVAL}</c> may be a number) unless YAML would read it as syntax there, which is an error
    /// asking for quotes. <c>$${</c> is a literal <c>${</c>; comments are left alone. The errors name the file and
    /// line (<c>monitors/shop.yaml:12: …</c>), every one of them, not just the first. No line is added or removed, so
    /// the server's line numbers stay true.
    /// </summary>
    public static (string Text, IReadOnlyList<string> Errors) Expand(string name, string text, Func<string, string?> variable)
    {
        var errors = new List<string>();
        var lines = text.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Contains('$'))
            {
                lines[i] = ExpandLine(lines[i], variable, message => errors.Add($"{name}:{i + 1}: {message}"));
            }
        }

        return (string.Join('\n', lines), errors);
    }

    private static string ExpandLine(string line, Func<string, string?> variable, Action<string> fail)
    {
        var result = new StringBuilder(line.Length);
        char? quote = null;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quote is '"' && c is '\\' && i + 1 < line.Length)
            {
                result.Append(c).Append(line[++i]);
                continue;
            }

            if (quote is null && c is '#' && (i == 0 || char.IsWhiteSpace(line[i - 1])))
            {
                return result.Append(line, i, line.Length - i).ToString();
            }

            if (quote is null && c is '"' or '\'' && (i == 0 || line[i - 1] is ' ' or '\t' or '[' or '{' or ','))
            {
                quote = c;
            }
            else if (quote == c)
            {
                // In single quotes '' is a quote inside the string, not its end.
                if (c is '\'' && i + 1 < line.Length && line[i + 1] is '\'')
                {
                    result.Append(c);
                    i++;
                }
                else
                {
                    quote = null;
                }
            }

            if (c is not '$')
            {
                result.Append(c);
                continue;
            }

            if (string.CompareOrdinal(line, i, "$${", 0, 3) == 0)
            {
                result.Append("${");
                i += 2;
                continue;
            }

            if (string.CompareOrdinal(line, i, "${", 0, 2) != 0)
            {
                result.Append(c);
                continue;
            }

            var reference = Reference().Match(line, i);
            if (!reference.Success || reference.Index != i)
            {
                fail("${ starts no ${NAME} (a letter or _, then letters, digits or _, then }); write $${ for a literal ${.");
                result.Append("${");
                i++;
                continue;
            }

            var variableName = reference.Groups[1].Value;
            i += reference.Length - 1;
            var value = variable(variableName);
            if (value is null)
            {
                fail($"{variableName} is not set in the environment.");
                result.Append(reference.Value);
                continue;
            }

            switch (quote)
            {
                case '"':
                    var json = JsonSerializer.Serialize(value);
                    result.Append(json, 1, json.Length - 2);
                    break;
                case '\'' when value.Contains('\n') || value.Contains('\r'):
                    fail($"{variableName}'s value has a line break, which single quotes cannot hold: write \"${{{variableName}}}\".");
                    break;
                case '\'':
                    result.Append(value.Replace("'", "''"));
                    break;
                default:
                    if (!PlainSafe().IsMatch(value) || value.Contains(": ") || value.Contains(" #") || value.EndsWith(':'))
                    {
                        fail($"{variableName}'s value would not read as text here unquoted (it is empty, or has spaces at an end, "
                             + $"a line break, or YAML's punctuation): write \"${{{variableName}}}\".");
                    }

                    result.Append(value);
                    break;
            }
        }

        return result.ToString();
    }

    [GeneratedRegex(@"\G\$\{([A-Za-z_][A-Za-z0-9_]*)\}")]
    private static partial Regex Reference();

    /// <summary>
    /// A value YAML reads unquoted as itself (text, or the number or boolean it spells): no control characters,
    /// no space at either end, no indicator first (<c>*</c>, <c>&amp;</c>, <c>!</c>, <c>- </c>, ...), no flow punctuation.
    /// </summary>
    [GeneratedRegex(@"^(?![-?:](\s|$))[^\s?:,\[\]{}#&*!|>'""%@`\x00-\x1f](?:[^,\[\]{}\x00-\x1f]*[^\s,\[\]{}\x00-\x1f])?$")]
    private static partial Regex PlainSafe();
}
