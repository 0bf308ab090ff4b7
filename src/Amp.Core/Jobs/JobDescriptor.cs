using System.Text.Json;
using System.Text.Json.Nodes;

namespace Amp.Core.Jobs;

/// <summary>What a job does: a closed set of kinds, one record each, told apart by <c>kind</c>.</summary>
public abstract record JobDescriptor
{
    public abstract string Kind { get; }

    /// <summary>The descriptor as stored and returned by the API.</summary>
    public abstract JsonObject ToJson();

    /// <summary>The kinds this build can run, by their <c>kind</c> string.</summary>
    public static IReadOnlyList<string> Kinds { get; } = [SleepDescriptor.KindName, MaterializeRawDescriptor.KindName];

    /// <summary>
    /// Parses a descriptor from the API body or the database; unknown fields are refused so a typo does not
    /// silently run something else. Fields listed in <paramref name="ignore"/> belong to the request, not the job.
    /// </summary>
    public static bool TryParse(JsonObject json, out JobDescriptor? descriptor, out string? error, params string[] ignore)
    {
        descriptor = null;
        if (!json.TryGetPropertyValue("kind", out var kindNode) || kindNode?.GetValueKind() != JsonValueKind.String)
        {
            error = $"the job needs a \"kind\" string; known kinds: {string.Join(", ", Kinds)}";
            return false;
        }
        var kind = kindNode.GetValue<string>();
        switch (kind)
        {
            case SleepDescriptor.KindName:
                return SleepDescriptor.TryParse(json, ignore, out descriptor, out error);
            case MaterializeRawDescriptor.KindName:
                return MaterializeRawDescriptor.TryParse(json, ignore, out descriptor, out error);
            default:
                error = $"unknown job kind '{(kind.Length > 40 ? kind[..37] + "..." : kind)}'; known kinds: {string.Join(", ", Kinds)}";
                return false;
        }
    }

    protected static string? UnknownField(JsonObject json, IEnumerable<string> allowed)
    {
        var set = allowed.ToHashSet(StringComparer.Ordinal);
        var unknown = json.Select(p => p.Key).FirstOrDefault(k => !set.Contains(k));
        return unknown is null ? null : $"unknown field '{(unknown.Length > 40 ? unknown[..37] + "..." : unknown)}' for job kind '{json["kind"]}'";
    }
}

/// <summary>How a diagnostic sleep job ends when it is not stopped.</summary>
public enum SleepFailure
{
    None,
    /// <summary>Fails retryably (ERROR), so the retry machinery can be watched.</summary>
    Error,
    /// <summary>Fails for good (FATAL).</summary>
    Fatal,
}

/// <summary>The built-in diagnostic kind: sleeps N seconds reporting progress each second; honours stop.</summary>
public sealed record SleepDescriptor(int Seconds, SleepFailure Fail = SleepFailure.None) : JobDescriptor
{
    public const string KindName = "sleep";
    public const int MaxSeconds = 86_400;

    public override string Kind => KindName;

    public override JsonObject ToJson()
    {
        var o = new JsonObject { ["kind"] = KindName, ["seconds"] = Seconds };
        if (Fail != SleepFailure.None)
            o["fail"] = Fail == SleepFailure.Error ? "error" : "fatal";
        return o;
    }

    internal static bool TryParse(JsonObject json, string[] ignore, out JobDescriptor? descriptor, out string? error)
    {
        descriptor = null;
        error = UnknownField(json, ["kind", "seconds", "fail", .. ignore]);
        if (error is not null)
            return false;
        if (!json.TryGetPropertyValue("seconds", out var s) || s?.GetValueKind() != JsonValueKind.Number
            || !s.AsValue().TryGetValue<double>(out var seconds) || seconds != Math.Floor(seconds) || seconds is < 0 or > MaxSeconds)
        {
            error = $"a sleep job needs \"seconds\": a whole number from 0 to {MaxSeconds}";
            return false;
        }
        var fail = SleepFailure.None;
        if (json.TryGetPropertyValue("fail", out var f) && f is not null)
        {
            var text = f.GetValueKind() == JsonValueKind.String ? f.GetValue<string>() : null;
            fail = text switch
            {
                "error" => SleepFailure.Error,
                "fatal" => SleepFailure.Fatal,
                _ => (SleepFailure)(-1),
            };
            if ((int)fail < 0)
            {
                error = "\"fail\" must be \"error\" or \"fatal\"";
                return false;
            }
        }
        descriptor = new SleepDescriptor((int)seconds, fail);
        return true;
    }
}
