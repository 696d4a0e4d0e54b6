using System.Text.Json;

namespace Sentinel.Conditions;

/// <summary>One step of a JSON path: a property name (<c>.status</c>) or an array index (<c>[0]</c>).</summary>
internal readonly record struct PathStep(string? Name, int Index)
{
    public override string ToString() => Name is null ? $"[{Index}]" : $".{Name}";
}

internal static class JsonPath
{
    /// <summary>The element at <paramref name="path"/>, or null when the path leads nowhere.</summary>
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

        return current;
    }

    /// <summary>A JSON value as a condition compares it: strings unquoted, everything else as its JSON text.</summary>
    public static string Text(JsonElement element) =>
        element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();

    /// <summary><c>len()</c>: elements of an array, properties of an object, characters of anything else.</summary>
    public static int Length(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Array => element.GetArrayLength(),
        JsonValueKind.Object => element.EnumerateObject().Count(),
        _ => Text(element).Length,
    };
}
