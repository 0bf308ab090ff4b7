using System.Text.Json;

namespace Amp.AdminClient.Http;

/// <summary>Turns one HTTP response into an <see cref="AdminResult{T}"/>, never throwing on bad bodies.</summary>
internal static class ResponseReader
{
    public static AdminResult<T> Read<T>(HttpMethod method, string path, int status, string? reason, string body)
        where T : class
    {
        if (status is >= 200 and < 300)
            return ReadSuccess<T>(method, path, status, body);
        return AdminResult<T>.Failure(ReadError(method, path, status, reason, body));
    }

    private static AdminResult<T> ReadSuccess<T>(HttpMethod method, string path, int status, string body)
        where T : class
    {
        try
        {
            var value = JsonSerializer.Deserialize<T>(body, Json.AdminJson.Options);
            if (value is not null)
                return AdminResult<T>.Success(value, body);
        }
        catch (JsonException ex)
        {
            return AdminResult<T>.Failure(new AdminApiError(status, AdminErrorCodes.InvalidResponse,
                $"the Admin API answered {method} /{path} with a body that does not match the contract: {ex.Message}"));
        }
        return AdminResult<T>.Failure(new AdminApiError(status, AdminErrorCodes.InvalidResponse,
            $"the Admin API answered {method} /{path} with an empty or null body"));
    }

    private static AdminApiError ReadError(HttpMethod method, string path, int status, string? reason, string body)
    {
        if (TryReadErrorBody(body, out var code, out var message))
            return new AdminApiError(status, code, message);
        var statusText = string.IsNullOrEmpty(reason) ? status.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{status} {reason}";
        return new AdminApiError(status, AdminErrorCodes.UnexpectedResponse,
            $"HTTP {statusText} from {method} /{path} without an Admin API error body; is the URL pointing at the Admin API?");
    }

    private static bool TryReadErrorBody(string body, out string code, out string message)
    {
        code = message = "";
        try
        {
            using var doc = JsonDocument.Parse(body);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("error_code", out var c) || c.ValueKind != JsonValueKind.String
                || string.IsNullOrEmpty(c.GetString()))
                return false;
            code = c.GetString()!;
            message = root.TryGetProperty("error_message", out var m) && m.ValueKind == JsonValueKind.String
                ? m.GetString() ?? ""
                : "";
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
