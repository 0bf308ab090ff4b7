using Amp.Controller.Errors;

namespace Amp.Controller.Security;

/// <summary>
/// Refuses requests the Admin API must not act on: a Host a loopback-bound API does not answer to (DNS rebinding),
/// a missing or wrong bearer token when one is configured, and state-changing requests a web page of another
/// site could send without a CORS preflight (a cross-site Origin, or a form or text/plain body). The dashboard's
/// static files and its session probe (<see cref="Dashboard.DashboardEndpoints.IsPublic"/>) need no token: they
/// hold no data, and the pages send the token the operator types with every Admin API request.
/// </summary>
public sealed class AdminApiGuard(RequestDelegate next, ControllerOptions options, Amp.Controller.Workers.WorkerListSnapshots snapshots)
{
    private static readonly string[] SimpleRequestTypes = ["application/x-www-form-urlencoded", "multipart/form-data", "text/plain"];

    public Task InvokeAsync(HttpContext context)
    {
        var security = options.Security;
        var request = context.Request;
        if (!security.HostAllowed(request.Host.Value ?? ""))
            return ErrorResponses.WriteAsync(context, ErrorCodes.InvalidHost,
                $"the Admin API does not answer to the host name '{Printable(request.Host.Value)}'; use localhost or 127.0.0.1, or add the name to admin_api.allowed_hosts");

        if (security.RequiresToken && !request.Path.Equals("/healthz", StringComparison.Ordinal)
            && !Dashboard.DashboardEndpoints.IsPublic(request) && !Authorized(request, security))
        {
            context.Response.Headers.WWWAuthenticate = "Bearer";
            return ErrorResponses.WriteAsync(context, ErrorCodes.Unauthorized,
                "missing or wrong bearer token: send 'Authorization: Bearer <token>' (ampctl --auth-token or AMP_AUTH_TOKEN) with the token of admin_api.auth_token");
        }

        if (ChangesState(request.Method))
        {
            if (request.Headers.Origin.Count > 0 && !SameOrigin(request))
                return ErrorResponses.WriteAsync(context, ErrorCodes.CrossSiteRequest,
                    $"{request.Method} {request.Path} from a web page of another origin ({Printable(request.Headers.Origin.ToString())}) is refused: the Admin API changes state only for its own pages and for API clients");
            if (request.ContentType is { } type && SimpleRequestTypes.Any(t => type.StartsWith(t, StringComparison.OrdinalIgnoreCase)))
                return ErrorResponses.WriteAsync(context, ErrorCodes.UnsupportedMediaType,
                    $"{request.Method} {request.Path} does not take a '{Printable(type)}' body (a browser form could send it): send JSON with 'Content-Type: application/json', or no body");
        }
        return RunAsync(context, ChangesState(request.Method));
    }

    /// <summary>Runs the endpoint; a state-changing request retires the shared GET /workers snapshots before and after.</summary>
    private async Task RunAsync(HttpContext context, bool changesState)
    {
        if (changesState)
            snapshots.Invalidate();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (changesState)
                snapshots.Invalidate();
        }
    }

    private static bool ChangesState(string method) =>
        !(HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || HttpMethods.IsOptions(method));

    /// <summary>Whether the request carries the configured bearer token.</summary>
    public static bool Authorized(HttpRequest request, AdminApiSecurity security)
    {
        var header = request.Headers.Authorization.ToString();
        const string prefix = "Bearer ";
        return header.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && security.TokenMatches(header.AsSpan(prefix.Length).Trim());
    }

    private static bool SameOrigin(HttpRequest request)
    {
        var origin = request.Headers.Origin.ToString();
        return Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            && uri.Scheme is "http" or "https"
            && string.Equals(uri.Authority, request.Host.Value, StringComparison.OrdinalIgnoreCase);
    }

    private static string Printable(string? s) =>
        s is null ? "" : new string(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
