namespace Amp.Datasets.Providers;

/// <summary>Format checks of provider values that hold no placeholder (on store) or after substitution (on load).</summary>
internal static class ProviderValues
{
    private static readonly string[] Schemes = ["http", "https", "ipc"];

    public static string? Check(string key, string value) => key switch
    {
        "url" => CheckUrl(value),
        "auth_header" => value.Length > 0 && value.All(IsTokenChar) ? null
            : $"auth_header '{value}' is not a legal HTTP header name (letters, digits and !#$%&'*+-.^_`|~), e.g. 'Drpc-Key'",
        "auth_token" => value.Length > 0 && value.All(c => c == '\t' || (c >= ' ' && c != '\x7f')) ? null
            : "auth_token must be a non-empty legal HTTP header value (no control characters or line breaks)",
        "network" or "kind" => value.Length > 0 ? null : $"{key} must not be empty",
        _ => null,
    };

    public static bool TryParseUrl(string value, out Uri url) =>
        Uri.TryCreate(value, UriKind.Absolute, out url!) && Schemes.Contains(url.Scheme, StringComparer.Ordinal);

    private static string? CheckUrl(string value) =>
        TryParseUrl(value, out _) ? null
            : $"url '{value}' must be an absolute URL with scheme http, https or ipc, e.g. http://localhost:8545 or ipc:///tmp/anvil.ipc";

    private static bool IsTokenChar(char c) => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal);
}
