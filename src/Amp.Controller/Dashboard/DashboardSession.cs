using System.Text.Json.Serialization;

namespace Amp.Controller.Dashboard;

/// <summary>
/// GET /ui/session: what the dashboard may do for this browser. Answered without a token (it tells only whether one
/// is needed and whether the presented one is right), so the page can ask for it.
/// </summary>
public sealed record DashboardSession(
    [property: JsonPropertyName("token_required")] bool TokenRequired,
    [property: JsonPropertyName("authenticated")] bool Authenticated,
    [property: JsonPropertyName("actions_enabled")] bool ActionsEnabled,
    [property: JsonPropertyName("read_only_reason"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ReadOnlyReason,
    [property: JsonPropertyName("refresh_interval_ms")] long RefreshIntervalMs)
{
    public const string NoTokenReason =
        "read-only: the Admin API has no auth token, so the dashboard offers no actions (anyone who can reach it could use them); set [admin_api] auth_token (or AMP_CONFIG_ADMIN_API__AUTH_TOKEN) and restart to enable drain, retire, stop and deploy";

    public const string SignInReason = "sign in with the Admin API's auth token to see the fleet and act on it";
}
