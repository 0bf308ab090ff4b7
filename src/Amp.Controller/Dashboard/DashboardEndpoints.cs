using Amp.Controller.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Dashboard;

/// <summary>
/// The web dashboard: <c>/</c> redirects to <c>/ui/</c>, which serves the static bundle; the pages read the Admin API
/// itself (with the bearer token the operator typed, when one is configured) and run SQL through <c>POST /ui/query</c>.
/// </summary>
public static class DashboardEndpoints
{
    /// <summary>Served with every dashboard file: only this origin's scripts, styles and requests; never framed.</summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static void MapDashboardEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", () => TypedResults.Redirect("/ui/")).ExcludeFromDescription();
        // Routing matches /ui and /ui/ alike; the page's relative links want the slash.
        routes.MapGet("/ui", (HttpContext http) => http.Request.Path.Value!.EndsWith('/') ? Serve(http, "index.html") : TypedResults.Redirect("/ui/"))
            .ExcludeFromDescription();
        routes.MapGet("/ui/assets/{file}", (string file, HttpContext http) => Serve(http, file)).ExcludeFromDescription();
        routes.MapGet("/ui/session", Session).WithTags("Dashboard").WithName("DashboardSession")
            .WithSummary("Whether the dashboard needs a token, whether the presented one is right, and whether it offers actions");
        routes.MapDashboardQueryEndpoint();
    }

    /// <summary>True for the requests the dashboard answers without a token: its static files and its session probe.</summary>
    public static bool IsPublic(HttpRequest request) =>
        (HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
        && (request.Path.Value is "/" or "/ui" || request.Path.StartsWithSegments("/ui", StringComparison.Ordinal));

    private static Ok<DashboardSession> Session(HttpRequest request, ControllerOptions options)
    {
        var security = options.Security;
        var authenticated = !security.RequiresToken || AdminApiGuard.Authorized(request, security);
        var reason = !security.RequiresToken ? DashboardSession.NoTokenReason : authenticated ? null : DashboardSession.SignInReason;
        return TypedResults.Ok(new DashboardSession(security.RequiresToken, authenticated, security.RequiresToken && authenticated, reason,
            (long)options.Dashboard.RefreshInterval.TotalMilliseconds));
    }

    private static IResult Serve(HttpContext http, string name)
    {
        if (DashboardAssets.Find(name) is not { } asset)
            return Errors.ApiResults.NotFound(Errors.ErrorCodes.NotFound, $"the dashboard has no file '{Printable(name)}'; open /ui/");
        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        headers.ETag = asset.ETag;
        if (http.Request.Headers.IfNoneMatch.ToString() == asset.ETag)
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        return TypedResults.Bytes(asset.Content, asset.ContentType);
    }

    private static string Printable(string s) => new(s.Take(80).Select(c => char.IsControl(c) ? '?' : c).ToArray());
}
