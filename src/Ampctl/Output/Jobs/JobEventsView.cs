using System.Text;
using System.Text.Json;
using Amp.AdminClient.Jobs;
using Amp.Core.Time;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human forms of <c>ampctl job events</c>. The list is Amp's (<c>  [1] 2026-11-29T18:20:15Z - SCHEDULED
/// (node: worker-01)</c>) with the writer's epoch added when there is one and, for SCHEDULED, why (<c> — failover from
/// worker-01, attempt 2</c>); a single event (<c>--event-id</c>) is Amp's aligned block followed by its detail (the
/// error block for ERROR/FATAL, else the detail's fields: for SCHEDULED the descriptor) and its context.
/// </summary>
internal static class JobEventsView
{
    public const string NoEvents = "No events recorded.";
    public const string DetailHeading = "Detail";
    public const string ContextHeading = "Context";

    public static string Render(JobEvents events)
    {
        var sb = new StringBuilder();
        sb.Append("Job ID: ").Append(events.JobId.ToString()).Append('\n');
        sb.Append('\n');
        if (events.Events.Count == 0)
            return sb.Append(NoEvents).Append('\n').ToString();
        sb.Append("Events:\n");
        foreach (var e in events.Events)
        {
            var epoch = e.Epoch is { } n ? $", epoch {n}" : "";
            sb.Append($"  [{e.Id}] {Rfc3339.Format(e.CreatedAt)} - {e.EventType} (node: {e.NodeId.Value}{epoch}){Why(e.Context)}\n");
        }
        return sb.ToString();
    }

    public static string Render(JobEventDetail e)
    {
        var sb = new StringBuilder();
        sb.Append("Event ID:   ").Append(e.Id).Append('\n');
        sb.Append("Job ID:     ").Append(e.JobId.ToString()).Append('\n');
        sb.Append("Created At: ").Append(Rfc3339.Format(e.CreatedAt)).Append('\n');
        sb.Append("Node ID:    ").Append(e.NodeId.Value).Append('\n');
        sb.Append("Event Type: ").Append(e.EventType).Append('\n');
        if (e.Epoch is { } epoch)
            sb.Append("Epoch:      ").Append(epoch.ToString()).Append('\n');
        if (e.Detail is { ValueKind: not JsonValueKind.Null } detail)
        {
            if (e.IsError)
                DetailText.AppendError(sb, detail);
            else
                DetailText.AppendFields(sb, DetailHeading, detail);
        }
        if (e.Context is { ValueKind: JsonValueKind.Object } context)
            DetailText.AppendFields(sb, ContextHeading, context);
        return sb.ToString();
    }

    /// <summary><c> — failover from worker-01, attempt 2</c> for a SCHEDULED event's context; empty without one.</summary>
    private static string Why(JsonElement? context)
    {
        if (context is not { ValueKind: JsonValueKind.Object } c || !c.TryGetProperty("reason", out var reason) || reason.ValueKind != JsonValueKind.String)
            return "";
        var sb = new StringBuilder(" — ").Append(reason.GetString());
        if (c.TryGetProperty("from_node", out var from) && from.ValueKind == JsonValueKind.String)
            sb.Append(" from ").Append(from.GetString());
        if (c.TryGetProperty("attempt", out var attempt) && attempt.ValueKind == JsonValueKind.Number)
            sb.Append(", attempt ").Append(attempt.GetRawText());
        return sb.ToString();
    }
}
