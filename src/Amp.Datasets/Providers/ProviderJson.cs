using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amp.Datasets.Providers;

/// <summary>Turns a JSON provider body (<c>{"name","kind","network","url",…}</c>) into the key/value pairs <see cref="ProviderDocument"/> validates.</summary>
public static class ProviderJson
{
    public static IReadOnlyList<KeyValuePair<string, object?>> Values(JsonObject body, params string[] skip) =>
        body.Where(p => !skip.Contains(p.Key, StringComparer.Ordinal))
            .Select(p => new KeyValuePair<string, object?>(p.Key, Value(p.Value)))
            .ToList();

    private static object? Value(JsonNode? node) => node?.GetValueKind() switch
    {
        null or JsonValueKind.Null => null,
        JsonValueKind.String => (object)node.GetValue<string>(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when node.AsValue().TryGetValue<long>(out var l) => l,
        _ => node,
    };
}
