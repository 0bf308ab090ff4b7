using Amp.AdminClient.Jobs;

namespace Ampctl.Output.Jobs;

/// <summary>
/// The <c>--json</c> of job commands whose API answer has no body, composed the way Amp's ampctl prints them:
/// <c>{"job_id":12}</c> for stop and rm, <c>{"status_filter":"terminal","deleted":3}</c> for prune.
/// </summary>
internal static class JobResultJson
{
    public static string JobId(JobId id) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteNumber("job_id", id.Value);
        w.WriteEndObject();
    });

    public static string Pruned(JobsPruned pruned) => JsonText.Write(w =>
    {
        w.WriteStartObject();
        w.WriteString("status_filter", pruned.Status.ToWire());
        if (pruned.Deleted is { } deleted)
            w.WriteNumber("deleted", deleted);
        else
            w.WriteNull("deleted");
        w.WriteEndObject();
    });
}
