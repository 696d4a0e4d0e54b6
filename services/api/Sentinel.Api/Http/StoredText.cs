using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sentinel.Api.Http;

/// <summary>
/// What no request document may hold anywhere, whatever the field: text PostgreSQL refuses to store (NUL, or a lone
/// surrogate, which has no UTF-8 form), other control characters than tab and line breaks, and null inside an array.
/// Checked where a body is read (<see cref="JsonBody.ReadAsync{T}"/>) and by the write services on the document they
/// are given (a dashboard form's too), so that every write and every field, present and future, is covered; what a
/// field refuses beyond this (a line break in a header) is its own rule.
/// </summary>
public static class StoredText
{
    /// <summary>
    /// The first place in <paramref name="document"/> that breaks the rule, named as problem details name a field
    /// (<c>config.to[0]</c>), and why; null when none does.
    /// </summary>
    public static (string Field, string Message)? Refusal(JsonElement document) => Find(document, "");

    /// <summary>As <see cref="Refusal(JsonElement)"/>, for a document built in the process rather than read from a body.</summary>
    public static (string Field, string Message)? Refusal(JsonNode document) => Refusal(JsonSerializer.SerializeToElement(document));

    /// <summary>Why <paramref name="text"/> (a query's filter, compared with stored text in SQL) breaks the rule; null when it does not.</summary>
    public static string? Refusal(string text) => Unstorable(() => text, allowLineBreaks: true) is { } what ? $"Must not contain {what}." : null;

    private static (string Field, string Message)? Find(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return Unstorable(() => element.GetString()!, allowLineBreaks: true) is { } inText ? (Name(path), $"Must not contain {inText}.") : null;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    // A field's name can be stored too (a header's), and no name has a line break.
                    if (Unstorable(() => member.Name, allowLineBreaks: false) is { } inName)
                    {
                        return (Name(path), $"A field name must not contain {inName}.");
                    }

                    if (Find(member.Value, path.Length == 0 ? member.Name : $"{path}.{member.Name}") is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    var at = $"{Name(path)}[{index++}]";
                    if (item.ValueKind == JsonValueKind.Null)
                    {
                        return (at, "Must not be null.");
                    }

                    if (Find(item, at) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static string Name(string path) => path.Length == 0 ? "$" : path;

    /// <summary>What in the text that <paramref name="read"/> unescapes cannot be stored, in a client's words; null when all can.</summary>
    private static string? Unstorable(Func<string> read, bool allowLineBreaks)
    {
        string text;
        try
        {
            text = read();
        }
        catch (InvalidOperationException)
        {
            return "a lone surrogate (it is not Unicode text)";
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return "a NUL character (\\u0000)";
            }

            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                return $"control character \\u{(int)c:x4}";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return "a lone surrogate (it is not Unicode text)";
            }
        }

        return null;
    }
}
