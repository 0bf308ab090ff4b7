using System.Diagnostics.CodeAnalysis;

namespace Amp.AdminClient;

/// <summary>
/// The outcome of one Admin API call: on success the typed value and the response body exactly as the
/// server sent it (so callers can print what the API returned, unknown fields included); otherwise an error.
/// </summary>
public sealed class AdminResult<T>
    where T : class
{
    private AdminResult(T? value, string? rawJson, AdminApiError? error)
    {
        Value = value;
        RawJson = rawJson;
        Error = error;
    }

    public T? Value { get; }

    /// <summary>The response body as received, unmodified (whitespace included).</summary>
    public string? RawJson { get; }

    public AdminApiError? Error { get; }

    [MemberNotNullWhen(true, nameof(Value), nameof(RawJson))]
    [MemberNotNullWhen(false, nameof(Error))]
    public bool IsSuccess => Error is null;

    public static AdminResult<T> Success(T value, string rawJson) =>
        new(value ?? throw new ArgumentNullException(nameof(value)), rawJson ?? throw new ArgumentNullException(nameof(rawJson)), null);

    public static AdminResult<T> Failure(AdminApiError error) =>
        new(null, null, error ?? throw new ArgumentNullException(nameof(error)));
}
