using Amp.Extraction.Evm;

namespace Amp.Extraction.Errors;

/// <summary>
/// A failure of extraction with a stable code. <see cref="IsRetryable"/> decides the job's end state:
/// retryable → ERROR (the job machinery retries the job later), not retryable → FATAL.
/// </summary>
public sealed class ExtractionException(string code, string message, bool isRetryable, BlockNumber? block = null, Exception? inner = null)
    : Exception($"{code}: {message}", inner)
{
    public string Code { get; } = code;

    public bool IsRetryable { get; } = isRetryable;

    /// <summary>The block the failure is about, when there is one.</summary>
    public BlockNumber? Block { get; } = block;
}
