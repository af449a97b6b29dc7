using System.Text.Json;
using Callaro.FunctionsHost.Rpc;

namespace Callaro.FunctionsHost.Worker;

/// <summary>A function the worker indexed, with its trigger binding as the worker described it.</summary>
internal sealed class HostedFunction
{
    private HostedFunction(RpcFunctionMetadata metadata, JsonElement trigger)
    {
        Metadata = metadata;
        Trigger = trigger;
        TriggerType = trigger.GetProperty("type").GetString() ?? "";
        TriggerName = trigger.GetProperty("name").GetString() ?? "";
    }

    public string Name => Metadata.Name;

    public string Id => Metadata.FunctionId;

    public RpcFunctionMetadata Metadata { get; }

    /// <summary>The trigger's raw binding JSON (route, schedule, path, connection, properties…).</summary>
    public JsonElement Trigger { get; }

    /// <summary><c>httpTrigger</c>, <c>timerTrigger</c>, <c>blobTrigger</c>, …</summary>
    public string TriggerType { get; }

    public string TriggerName { get; }

    /// <summary>The name the Functions host gives the function in receipts and timer status.</summary>
    public string FullName => $"Host.Functions.{Name}";

    public bool IsHttp => TriggerType.Equals("httpTrigger", StringComparison.OrdinalIgnoreCase);

    public string? TriggerText(string property) =>
        Trigger.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    public bool TriggerFlag(string property) =>
        Trigger.TryGetProperty(property, out var value) && (value.ValueKind == JsonValueKind.True
            || (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out var flag) && flag));

    /// <summary>Whether the worker asked for ModelBindingData instead of content (SDK types such as BlobClient).</summary>
    public bool SupportsDeferredBinding =>
        Trigger.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object
        && properties.EnumerateObject().Any(p => p.Name.Equals("supportsDeferredBinding", StringComparison.OrdinalIgnoreCase)
            && bool.TryParse(p.Value.ToString(), out var supports) && supports);

    /// <exception cref="InvalidOperationException">The metadata has no trigger binding.</exception>
    public static HostedFunction From(RpcFunctionMetadata metadata)
    {
        foreach (var raw in metadata.RawBindings)
        {
            using var binding = JsonDocument.Parse(raw);
            var root = binding.RootElement;
            if (root.TryGetProperty("type", out var type)
                && type.GetString()?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            {
                return new HostedFunction(metadata, root.Clone());
            }
        }

        throw new InvalidOperationException($"The worker described function '{metadata.Name}' without a trigger binding.");
    }
}
