using System.CommandLine;
using Amp.AdminClient;
using Ampctl.Output;

namespace Ampctl.Commands;

/// <summary>What a leaf command's action works with: the parsed line, a ready client, the output and <c>--json</c>.</summary>
internal sealed record CommandContext(ParseResult Parsed, AdminApiClient Client, CliOutput Output, bool Json, CancellationToken Ct)
{
    /// <summary><c>-o wide</c>: the command's table with its extra columns.</summary>
    public bool Wide { get; init; }

    public T? Get<T>(Option<T> option) => Parsed.GetValue(option);

    public T? Get<T>(Argument<T> argument) => Parsed.GetValue(argument);

    /// <summary>Reports an API error as one <c>✗</c> line on stderr and returns exit code 1.</summary>
    public int Fail(AdminApiError error, string? subject = null)
    {
        Output.Errors.Write(error, subject);
        return ExitCodes.Failure;
    }
}
