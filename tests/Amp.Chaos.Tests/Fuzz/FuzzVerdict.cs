using System.Text.Json;
using System.Text.RegularExpressions;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>Judges one answer: no 5xx, error bodies of the documented shape, and what the request expects.</summary>
public static partial class FuzzVerdict
{
    /// <summary>The one documented 503 a well-formed request can get: a worker_id prefix that no active worker matches.</summary>
    public const string CapacityCode = "NO_MATCHING_WORKERS";

    [GeneratedRegex("^[A-Z][A-Z0-9_]*$")]
    private static partial Regex ScreamingSnake();

    /// <summary>Null when the answer is fine, else what is wrong with it.</summary>
    public static string? Check(string method, string path, Expectation expect, int status, string? mediaType, string body)
    {
        var json = mediaType is not null && (mediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
        string? code = null;
        if (status >= 400 && json && method != "HEAD")
        {
            if (ErrorShape(body, out code) is { } shapeProblem)
                return $"HTTP {status} with a malformed error body ({shapeProblem})";
        }
        if (status >= 500 && !IsCapacityAnswer(method, path, status, code))
            return $"HTTP {status} (5xx)";
        return expect switch
        {
            Expectation.MethodNotAllowed when status != 405 || (method != "HEAD" && code != "METHOD_NOT_ALLOWED") =>
                $"expected 405 METHOD_NOT_ALLOWED, got HTTP {status} {code}",
            Expectation.PayloadTooLarge when status != 413 || code != "PAYLOAD_TOO_LARGE" =>
                $"expected 413 PAYLOAD_TOO_LARGE, got HTTP {status} {code}",
            // Kestrel itself refuses a NUL in the path with a bare 400 before any Admin API code runs.
            Expectation.UnstorableText when status != 400 || (code != "INVALID_QUERY_PARAMETERS" && !(code is null && body.Length == 0)) =>
                $"expected 400 INVALID_QUERY_PARAMETERS, got HTTP {status} {code}",
            _ => null,
        };
    }

    public static bool IsCapacityAnswer(string method, string path, int status, string? code) =>
        status == 503 && method == "POST" && path.Split('?')[0] is "/jobs" or "/jobs/" && code == CapacityCode;

    /// <summary>Exactly <c>{"error_code": "SCREAMING_SNAKE", "error_message": "..."}</c>.</summary>
    public static string? ErrorShape(string body, out string? code)
    {
        code = null;
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(body).RootElement;
        }
        catch (JsonException ex)
        {
            return $"not JSON: {ex.Message}";
        }
        if (root.ValueKind != JsonValueKind.Object)
            return $"a JSON {root.ValueKind}, not an object";
        var names = root.EnumerateObject().Select(p => p.Name).ToList();
        if (names.Count != 2 || !names.Contains("error_code") || !names.Contains("error_message"))
            return $"fields [{string.Join(", ", names)}] instead of [error_code, error_message]";
        if (root.GetProperty("error_code").ValueKind != JsonValueKind.String || root.GetProperty("error_message").ValueKind != JsonValueKind.String)
            return "error_code and error_message must be strings";
        code = root.GetProperty("error_code").GetString()!;
        if (!ScreamingSnake().IsMatch(code))
            return $"error_code '{code}' is not SCREAMING_SNAKE";
        return string.IsNullOrWhiteSpace(root.GetProperty("error_message").GetString()) ? "empty error_message" : null;
    }
}
