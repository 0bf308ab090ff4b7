using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Core.Workers;

namespace Amp.Core.Jobs;

public enum JobAction
{
    Start,
    Stop,
}

/// <summary>
/// A <c>job_actions</c> notification: <c>{"node_id":"w1","payload":{"job_id":12,"action":"START"}}</c>.
/// Any database user can NOTIFY, so parsing never throws. A batch of jobs sends one notification of another shape
/// instead, <see cref="StartScheduled"/>.
/// </summary>
public sealed record JobNotification(NodeId NodeId, JobId JobId, JobAction Action)
{
    public const string Channel = "job_actions";

    public string ToJson() => new JsonObject
    {
        ["node_id"] = NodeId.Value,
        ["payload"] = new JsonObject { ["job_id"] = JobId.Value, ["action"] = Action == JobAction.Start ? "START" : "STOP" },
    }.ToJsonString();

    /// <summary>PostgreSQL refuses NOTIFY payloads of 8,000 bytes or more; a longer worker list names no worker.</summary>
    private const int MaxPayloadBytes = 7000;

    /// <summary>
    /// The one notification of a batch: <c>{"node_ids":["w1","w2"],"payload":{"action":"START_SCHEDULED"}}</c>, telling
    /// each named worker to claim every job scheduled on it. Without <c>node_ids</c> (a list too long for a NOTIFY
    /// payload) every worker looks.
    /// </summary>
    public static string StartScheduled(IEnumerable<NodeId> nodes)
    {
        var names = nodes.Select(n => n.Value).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        var payload = new JsonObject { ["action"] = StartScheduledAction };
        var all = new JsonObject { ["node_ids"] = new JsonArray(names.Select(n => (JsonNode?)JsonValue.Create(n)).ToArray()), ["payload"] = payload.DeepClone() };
        var text = all.ToJsonString();
        return System.Text.Encoding.UTF8.GetByteCount(text) < MaxPayloadBytes ? text : new JsonObject { ["payload"] = payload }.ToJsonString();
    }

    public const string StartScheduledAction = "START_SCHEDULED";

    /// <summary>
    /// Parses a batch notification (see <see cref="StartScheduled"/>): true with <paramref name="nodes"/> null when it
    /// names no worker (all of them), false when the payload is not one (then try <see cref="TryParse"/>).
    /// </summary>
    public static bool TryParseStartScheduled(string payload, out IReadOnlySet<string>? nodes)
    {
        nodes = null;
        if (!payload.Contains(StartScheduledAction, StringComparison.Ordinal))
            return false;
        try
        {
            if (JsonNode.Parse(payload) is not JsonObject root || root["payload"] is not JsonObject inner
                || inner["action"]?.GetValueKind() != JsonValueKind.String || inner["action"]!.GetValue<string>() != StartScheduledAction)
                return false;
            if (root["node_ids"] is null)
                return true;
            if (root["node_ids"] is not JsonArray list || list.Any(n => n?.GetValueKind() != JsonValueKind.String))
                return false;
            nodes = list.Select(n => n!.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    public static bool TryParse(string payload, [NotNullWhen(true)] out JobNotification? notification, [NotNullWhen(false)] out string? error)
    {
        notification = null;
        try
        {
            var root = JsonNode.Parse(payload) as JsonObject;
            var node = root?["node_id"];
            var inner = root?["payload"] as JsonObject;
            if (node?.GetValueKind() != JsonValueKind.String || inner is null)
            {
                error = "not an envelope {\"node_id\", \"payload\"}";
                return false;
            }
            if (!NodeId.TryParse(node.GetValue<string>(), out var nodeId, out error))
                return false;
            var jobIdNode = inner["job_id"];
            if (jobIdNode?.GetValueKind() != JsonValueKind.Number || !jobIdNode.AsValue().TryGetValue<long>(out var rawId) || rawId <= 0)
            {
                error = "payload.job_id must be a positive integer";
                return false;
            }
            var actionNode = inner["action"];
            var action = actionNode?.GetValueKind() == JsonValueKind.String ? actionNode.GetValue<string>().ToUpperInvariant() : null;
            JobAction? parsed = action switch { "START" => JobAction.Start, "STOP" => JobAction.Stop, _ => null };
            if (parsed is null)
            {
                error = "payload.action must be START or STOP";
                return false;
            }
            notification = new JobNotification(nodeId, new JobId(rawId), parsed.Value);
            error = null;
            return true;
        }
        catch (JsonException ex)
        {
            error = $"not JSON: {ex.Message}";
            return false;
        }
    }
}
