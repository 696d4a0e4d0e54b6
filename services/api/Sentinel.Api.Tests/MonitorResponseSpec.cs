using System.Text.Json;
using Sentinel.Api.Monitors;
using Sentinel.Checks;

namespace Sentinel.Api.Tests;

public static class MonitorResponseSpec
{
    /// <summary>The check spec fields of a monitor as the api showed them, read as the spec type they belong to.</summary>
    public static T Spec<T>(this MonitorResponse monitor) where T : CheckSpec =>
        (T)CheckSpecJson.Deserialize(JsonSerializer.SerializeToElement(monitor.Check));
}
