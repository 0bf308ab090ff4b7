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
/// Any database user can NOTIFY, so parsing never throws.
/// </summary>
public sealed record JobNotification(NodeId NodeId, JobId JobId, JobAction Action)
{
    public const string Channel = "job_actions";

    public string ToJson() => new JsonObject
    {
        ["node_id"] = NodeId.Value,
        ["payload"] = new JsonObject { ["job_id"] = JobId.Value, ["action"] = Action == JobAction.Start ? "START" : "STOP" },
    }.ToJsonString();

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
