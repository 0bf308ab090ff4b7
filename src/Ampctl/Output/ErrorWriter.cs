using Amp.AdminClient;

namespace Ampctl.Output;

/// <summary>
/// Writes errors to stderr in Amp's shape: <c>✗ message</c>, optionally followed by <c>  → cause</c> lines.
/// Every message is flattened to one line.
/// </summary>
internal sealed class ErrorWriter(TextWriter stderr)
{
    public void Write(string message) => stderr.Write("✗ " + OneLine(message) + "\n");

    public void WriteCause(string cause) => stderr.Write("  → " + OneLine(cause) + "\n");

    /// <summary>One line for an API error; known codes get a phrase an operator recognises.</summary>
    public void Write(AdminApiError error, string? subject = null)
    {
        if (error.ErrorCode == AdminErrorCodes.WorkerNotFound && subject is not null)
            Write($"worker not found: {subject}");
        else if (string.IsNullOrWhiteSpace(error.ErrorMessage))
            Write(error.ErrorCode);
        else
            Write($"{error.ErrorMessage} ({error.ErrorCode})");
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
