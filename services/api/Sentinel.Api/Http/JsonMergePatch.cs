using System.Text.Json.Nodes;

namespace Sentinel.Api.Http;

/// <summary>JSON Merge Patch (RFC 7396): how a <c>PATCH</c> body changes a document.</summary>
public static class JsonMergePatch
{
    public const string MediaType = "application/merge-patch+json";

    /// <summary>
    /// <paramref name="target"/> changed by <paramref name="patch"/>, in place: a member set to null is removed, an
    /// object is merged member by member, anything else (arrays included) replaces the member.
    /// </summary>
    public static JsonObject Apply(JsonObject target, JsonObject patch)
    {
        foreach (var (name, value) in patch)
        {
            if (value is null)
            {
                target.Remove(name);
            }
            else if (value is JsonObject members && target[name] is JsonObject existing)
            {
                Apply(existing, members);
            }
            else
            {
                target[name] = value.DeepClone();
            }
        }

        return target;
    }
}
