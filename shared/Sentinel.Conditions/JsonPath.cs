using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Sentinel.Conditions;

/// <summary>One step of a JSON path: a property name (<c>.status</c>) or an array index (<c>[0]</c>).</summary>
internal readonly record struct PathStep(string? Name, int Index)
{
    public override string ToString() => Name is null ? $"[{Index}]" : $".{Name}";
}

internal static class JsonPath
{
    /// <summary>Written as people read JSON: <c>é</c> and <c>&lt;</c> as themselves, not as <c>\u00E9</c>.</summary>
    private static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>
    /// The element at <paramref name="path"/>, or null when the path leads nowhere. A JSON null counts as nothing, as
    /// in Gatus: <c>{"errors": null}</c> has no errors.
    /// </summary>
    public static JsonElement? Find(JsonElement root, IReadOnlyList<PathStep> path)
    {
        var current = root;
        foreach (var step in path)
        {
            if (step.Name is { } name)
            {
                if (current.ValueKind != JsonValueKind.Object || !current.TryGetProperty(name, out current))
                {
                    return null;
                }
            }
            else if (current.ValueKind != JsonValueKind.Array || step.Index >= current.GetArrayLength())
            {
                return null;
            }
            else
            {
                current = current[step.Index];
            }
        }

        return current.ValueKind == JsonValueKind.Null ? null : current;
    }

    /// <summary>A JSON value as a condition compares it: strings unquoted, objects and arrays as compact JSON, the rest as written.</summary>
    public static string Text(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.String => element.GetString()!,
        JsonValueKind.Object or JsonValueKind.Array => CompactText(element),
        _ => element.GetRawText(),
    };

    /// <summary><c>len()</c> at a path, as Gatus counts: elements of an array, characters of anything else's <see cref="Text"/>.</summary>
    public static int Length(JsonElement element) =>
        element.ValueKind == JsonValueKind.Array ? element.GetArrayLength() : Characters(Text(element));

    /// <summary><c>len([BODY])</c>: elements when the body is a JSON array, otherwise its characters.</summary>
    public static int BodyLength(string body)
    {
        if (body.StartsWith('['))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                return document.RootElement.GetArrayLength();
            }
            catch (JsonException)
            {
                // Text that only starts like an array: counted as text, as Gatus does.
            }
        }

        return Characters(body);
    }

    /// <summary>Characters as a person counts them: <c>é</c> and an emoji are one each.</summary>
    public static int Characters(string text) => text.EnumerateRunes().Count();

    private static string CompactText(JsonElement element)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, Compact))
        {
            element.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
