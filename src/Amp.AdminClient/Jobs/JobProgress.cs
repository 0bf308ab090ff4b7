using System.Text.Json;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// The body of <c>GET /jobs/{id}/progress</c>: what the job has written per table, the kind-specific
/// <see cref="Progress"/> its worker last reported (kept as JSON; <see cref="Elapsed"/> reads the timed form), and,
/// for an ERROR or FATAL job, the error payload of its latest failure in <see cref="Detail"/>.
/// </summary>
public sealed record JobProgress(
    JobId JobId,
    JobStatus JobStatus,
    IReadOnlyDictionary<string, TableProgress> Tables,
    JsonElement? Progress = null,
    JsonElement? Detail = null)
{
    /// <summary>How far a timed job (sleep) is; null when <see cref="Progress"/> is absent or of another form.</summary>
    public ElapsedProgress? Elapsed => ElapsedProgress.From(Progress);

    /// <summary>The rate and block range a materialize-raw worker reported; null when <see cref="Progress"/> is of another form.</summary>
    public ExtractionProgress? Extraction => ExtractionProgress.From(Progress);
}

/// <summary>One table a job writes: the synced block range (null when nothing is written yet), files and bytes.</summary>
public sealed record TableProgress(long? CurrentBlock, long? StartBlock, long FilesCount, long TotalSizeBytes);

/// <summary>
/// The progress of a job with a known length: <c>{"elapsed_seconds":12,"total_seconds":60,"updated_at"?:"…Z"}</c>.
/// </summary>
public sealed record ElapsedProgress(long ElapsedSeconds, long TotalSeconds, DateTimeOffset? UpdatedAt = null)
{
    /// <summary>Whole percent done, 0 to 100; a job of length zero is done.</summary>
    public int Percent => TotalSeconds <= 0 ? 100 : (int)Math.Clamp(ElapsedSeconds * 100 / TotalSeconds, 0, 100);

    /// <summary>Reads the timed form from a progress object; null for anything else.</summary>
    public static ElapsedProgress? From(JsonElement? progress)
    {
        if (progress is not { ValueKind: JsonValueKind.Object } json
            || !TryGetInt64(json, "elapsed_seconds", out var elapsed)
            || !TryGetInt64(json, "total_seconds", out var total))
            return null;
        DateTimeOffset? updated = json.TryGetProperty("updated_at", out var u) && u.ValueKind == JsonValueKind.String
            && u.TryGetDateTimeOffset(out var at) ? at : null;
        return new ElapsedProgress(elapsed, total, updated);
    }

    private static bool TryGetInt64(JsonElement json, string name, out long value)
    {
        value = 0;
        return json.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt64(out value);
    }
}
