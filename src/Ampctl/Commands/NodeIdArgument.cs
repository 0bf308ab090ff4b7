using System.CommandLine;
using Amp.Core.Workers;

namespace Ampctl.Commands;

/// <summary>
/// The <c>NODE_ID</c> argument, validated while parsing: a bad ID is a usage error (exit 2) with the rule it
/// broke, and no request is sent.
/// </summary>
internal static class NodeIdArgument
{
    public static Argument<NodeId> Create() => new("NODE_ID")
    {
        Description = "The worker's node ID, e.g. worker-01",
        CustomParser = result =>
        {
            var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (NodeId.TryParse(raw, out var id, out var error))
                return id;
            result.AddError(error);
            return default;
        },
    };
}
