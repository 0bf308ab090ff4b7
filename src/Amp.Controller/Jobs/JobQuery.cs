using Amp.Controller.Errors;
using Amp.Core.Jobs;

namespace Amp.Controller.Jobs;

/// <summary>Parses the query of GET /jobs and DELETE /jobs into typed values, or a clear error.</summary>
internal static class JobQuery
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 1000;

    public static ApiError? ParseLimit(string? raw, out int limit)
    {
        limit = DefaultLimit;
        if (raw is null)
            return null;
        if (!long.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value))
            return new ApiError(ErrorCodes.InvalidQueryParameters, $"limit must be a whole number from 1 to {MaxLimit}, got '{Short(raw)}'");
        if (value == 0)
            return new ApiError(ErrorCodes.LimitInvalid, "limit must be at least 1");
        if (value > MaxLimit)
            return new ApiError(ErrorCodes.LimitTooLarge, $"limit {value} is above the maximum of {MaxLimit}; page with last_job_id");
        limit = (int)value;
        return null;
    }

    /// <summary><c>active</c> (default), <c>all</c> (null: no filter) or a comma list of statuses.</summary>
    public static ApiError? ParseStatusFilter(string? raw, out IReadOnlyCollection<JobStatus>? statuses)
    {
        statuses = JobStatuses.Active;
        if (raw is null || raw.Trim().Equals("active", StringComparison.OrdinalIgnoreCase))
            return null;
        if (raw.Trim().Equals("all", StringComparison.OrdinalIgnoreCase))
        {
            statuses = null;
            return null;
        }
        var list = new HashSet<JobStatus>();
        foreach (var part in raw.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part.Equals("active", StringComparison.OrdinalIgnoreCase))
                list.UnionWith(JobStatuses.Active);
            else if (part.Equals("terminal", StringComparison.OrdinalIgnoreCase))
                list.UnionWith(JobStatuses.Terminal);
            else if (JobStatuses.TryParse(part, out var s))
                list.Add(s);
            else
                return new ApiError(ErrorCodes.InvalidQueryParameters,
                    $"unknown job status '{Short(part)}'; use active, all, terminal or a comma list of {string.Join(", ", Enum.GetValues<JobStatus>().Select(x => x.ToWire()))}");
        }
        statuses = list.Count == 0 ? JobStatuses.Active : list;
        return null;
    }

    /// <summary>DELETE /jobs: terminal (default), completed, stopped, error (ERROR and FATAL) or fatal.</summary>
    public static ApiError? ParsePruneFilter(string? raw, out IReadOnlyCollection<JobStatus> statuses)
    {
        statuses = (raw?.Trim().ToLowerInvariant() ?? "terminal") switch
        {
            "terminal" => JobStatuses.Terminal,
            "completed" => [JobStatus.Completed],
            "stopped" => [JobStatus.Stopped],
            "error" => [JobStatus.Error, JobStatus.Fatal],
            "fatal" => [JobStatus.Fatal],
            _ => [],
        };
        return statuses.Count == 0
            ? new ApiError(ErrorCodes.InvalidQueryParam, $"status '{Short(raw ?? "")}' cannot be pruned; use terminal, completed, stopped, error or fatal")
            : null;
    }

    private static string Short(string s) => s.Length <= 40 ? s : s[..37] + "...";
}
