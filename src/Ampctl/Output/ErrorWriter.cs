using Amp.AdminClient;

namespace Ampctl.Output;

/// <summary>
/// Writes errors to stderr in Amp's shape: <c>✗ message</c>, optionally followed by <c>  → cause</c> lines.
/// Every message is flattened to one line.
/// </summary>
internal sealed class ErrorWriter(TextWriter stderr)
{
    public void Write(string message) => stderr.Write("✗ " + OneLine(message) + "\n");

    /// <summary>A progress note of a command that waits (<c>… 2 of 3 active workers run v1.2.0</c>), not an error.</summary>
    public void WriteProgress(string message) => stderr.Write("… " + OneLine(message) + "\n");

    public void WriteCause(string cause) => stderr.Write("  → " + OneLine(cause) + "\n");

    /// <summary>One line for an API error; known codes get a phrase an operator recognises.</summary>
    public void Write(AdminApiError error, string? subject = null) => Write(Describe(error, subject));

    /// <summary>The text of that line without the mark: <c>message (CODE)</c>, or <c>worker not found: ID</c>.</summary>
    public static string Describe(AdminApiError error, string? subject = null)
    {
        if (error.ErrorCode == AdminErrorCodes.WorkerNotFound && subject is not null)
            return $"worker not found: {subject}";
        if (string.IsNullOrWhiteSpace(error.ErrorMessage))
            return error.ErrorCode;
        return OneLine($"{error.ErrorMessage} ({error.ErrorCode})");
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
