using System.Diagnostics.CodeAnalysis;
using Amp.Core.Workers;

namespace Amp.AdminClient.Jobs;

/// <summary>
/// The <c>worker_id</c> of <c>POST /jobs</c>: an exact node ID (<c>worker-01</c>), or a prefix followed by one
/// <c>*</c> (<c>worker-*</c>) to let the scheduler pick among the active workers whose ID starts with it.
/// </summary>
public readonly record struct WorkerSelector
{
    private readonly string? _value;

    private WorkerSelector(string value, bool isPrefix)
    {
        _value = value;
        IsPrefix = isPrefix;
    }

    /// <summary>The wire form: the node ID, or the prefix with its trailing <c>*</c>.</summary>
    public string Value => _value ?? throw new InvalidOperationException("default(WorkerSelector) has no value");

    public bool IsPrefix { get; }

    public static WorkerSelector Exact(NodeId nodeId) => new(nodeId.Value, isPrefix: false);

    public static bool TryParse(string? raw, out WorkerSelector selector, [NotNullWhen(false)] out string? error)
    {
        selector = default;
        error = null;
        if (raw is null || !raw.EndsWith('*'))
        {
            if (!NodeId.TryParse(raw, out var id, out error))
                return false;
            selector = Exact(id);
            return true;
        }
        var prefix = raw[..^1];
        if (prefix.Length == 0)
        {
            error = $"Invalid worker ID pattern '{raw}': put at least one character before '*', e.g. worker-*";
            return false;
        }
        if (prefix.Contains('*', StringComparison.Ordinal))
        {
            error = $"Invalid worker ID pattern '{raw}': '*' is allowed once, at the end (a prefix match such as worker-*)";
            return false;
        }
        if (!NodeId.TryParse(prefix, out _, out var prefixError))
        {
            var header = $"Invalid worker ID '{prefix}': ";
            error = prefixError.StartsWith(header, StringComparison.Ordinal)
                ? $"Invalid worker ID pattern '{raw}': " + prefixError[header.Length..]
                : prefixError;
            return false;
        }
        selector = new WorkerSelector(raw, isPrefix: true);
        return true;
    }

    public override string ToString() => Value;
}
