using System.Text.Json;
using System.Text.Json.Serialization;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// A job's state as the Admin API reports it. <see cref="Unknown"/> stands for a status this client does not know
/// (a newer server), so one unfamiliar row never fails a whole listing.
/// </summary>
[JsonConverter(typeof(JobStatusJsonConverter))]
public enum JobStatus
{
    Unknown,
    Scheduled,
    Running,
    Completed,
    Stopped,
    StopRequested,
    Stopping,
    Error,
    Fatal,
}

/// <summary>Wire names of <see cref="JobStatus"/>: uppercase on output, case-insensitive on input.</summary>
public static class JobStatusNames
{
    /// <summary>Every status a client may ask for, in lifecycle order.</summary>
    public static IReadOnlyList<JobStatus> Known { get; } =
    [
        JobStatus.Scheduled, JobStatus.Running, JobStatus.StopRequested, JobStatus.Stopping,
        JobStatus.Completed, JobStatus.Stopped, JobStatus.Error, JobStatus.Fatal,
    ];

    public static string ToWire(this JobStatus status) => status switch
    {
        JobStatus.Scheduled => "SCHEDULED",
        JobStatus.Running => "RUNNING",
        JobStatus.Completed => "COMPLETED",
        JobStatus.Stopped => "STOPPED",
        JobStatus.StopRequested => "STOP_REQUESTED",
        JobStatus.Stopping => "STOPPING",
        JobStatus.Error => "ERROR",
        JobStatus.Fatal => "FATAL",
        _ => "UNKNOWN",
    };

    /// <summary>COMPLETED, STOPPED, ERROR and FATAL: the states a job can be removed in.</summary>
    public static bool IsTerminal(this JobStatus status) =>
        status is JobStatus.Completed or JobStatus.Stopped or JobStatus.Error or JobStatus.Fatal;

    /// <summary>Parses a known status name, ignoring case and surrounding whitespace; <c>UNKNOWN</c> is not one.</summary>
    public static bool TryParse(string? raw, out JobStatus status)
    {
        var name = raw?.Trim();
        foreach (var known in Known)
        {
            if (string.Equals(known.ToWire(), name, StringComparison.OrdinalIgnoreCase))
            {
                status = known;
                return true;
            }
        }
        status = JobStatus.Unknown;
        return false;
    }
}

/// <summary>Reads a status string (an unfamiliar one as <see cref="JobStatus.Unknown"/>) and writes its wire name.</summary>
internal sealed class JobStatusJsonConverter : JsonConverter<JobStatus>
{
    public override JobStatus Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
            throw new JsonException($"expected a job status string, got {reader.TokenType}");
        return JobStatusNames.TryParse(reader.GetString(), out var status) ? status : JobStatus.Unknown;
    }

    public override void Write(Utf8JsonWriter writer, JobStatus value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
