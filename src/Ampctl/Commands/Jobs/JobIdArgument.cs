using System.CommandLine;
using Amp.AdminClient.Jobs;

namespace Ampctl.Commands.Jobs;

/// <summary>
/// The <c>JOB_ID</c> argument and the options that take a job or event ID (<c>--after</c>, <c>--event-id</c>),
/// validated while parsing: anything but a positive 64-bit integer is a usage error (exit 2) and no request is sent.
/// </summary>
internal static class JobIdArgument
{
    public static Argument<JobId> Create() => new("JOB_ID")
    {
        Description = "The job's ID (a positive integer, as in 'ampctl job list')",
        CustomParser = result =>
        {
            var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (JobId.TryParse(raw, out var id, out var error))
                return id;
            result.AddError(error);
            return default;
        },
    };

    /// <summary>An option that takes a job ID, e.g. <c>--after/-a</c>.</summary>
    public static Option<JobId?> CreateOption(string name, string alias, string description) => new(name, alias)
    {
        Description = description,
        HelpName = "JOB_ID",
        CustomParser = result => Parse(result, name, "job ID") is { } id ? id : null,
    };

    /// <summary><c>--event-id</c>: an event's ID, positive like a job ID.</summary>
    public static Option<long?> CreateEventIdOption(string description) => new("--event-id")
    {
        Description = description,
        HelpName = "EVENT_ID",
        CustomParser = result => Parse(result, "--event-id", "event ID")?.Value,
    };

    private static JobId? Parse(System.CommandLine.Parsing.ArgumentResult result, string name, string what)
    {
        var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
        if (JobId.TryParse(raw, what, out var id, out var error))
            return id;
        result.AddError($"{error} (in {name})");
        return null;
    }
}
