using System.Text;
using Amp.AdminClient.Jobs;
using Amp.Core.Time;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The human forms of <c>ampctl job events</c>. The list is Amp's (<c>  [1] 2026-11-29T18:20:15Z - SCHEDULED
/// (node: worker-01)</c>) with the writer's epoch added when there is one; a single event (<c>--event-id</c>) is
/// Amp's aligned block followed by its detail: the error block for ERROR/FATAL, else the detail's fields.
/// </summary>
internal static class JobEventsView
{
    public const string NoEvents = "No events recorded.";
    public const string DetailHeading = "Detail";

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
            sb.Append($"  [{e.Id}] {Rfc3339.Format(e.CreatedAt)} - {e.EventType} (node: {e.NodeId.Value}{epoch})\n");
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
        if (e.Detail is not { ValueKind: not System.Text.Json.JsonValueKind.Null } detail)
            return sb.ToString();
        if (e.IsError)
            DetailText.AppendError(sb, detail);
        else
            DetailText.AppendFields(sb, DetailHeading, detail);
        return sb.ToString();
    }
}
