using System.Net;
using System.Text;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Hardening;

/// <summary>A controller with an auth token, bound to loopback like solo: who may read and who may change state.</summary>
public sealed class TokenFleet() : AmpFleet(["worker-01"], new Dictionary<string, string?>
{
    ["AMP_CONFIG_ADMIN_API__AUTH_TOKEN"] = TokenFleet.Token,
    ["AMP_AUTH_TOKEN"] = TokenFleet.Token,
})
{
    public const string Token = "s3cret-t0ken";

    public override Task InitializeAsync()
    {
        // The fleet's own client (start-up checks, worker status) authenticates; the tests use one of their own.
        Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Token);
        return base.InitializeAsync();
    }
}

public sealed class AdminApiSecurityTests(TokenFleet fleet) : IClassFixture<TokenFleet>, IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(15) };

    public void Dispose() => _http.Dispose();

    private async Task<ApiResponse> SendAsync(string method, string path, string? token = null, string? origin = null, string? contentType = null,
        string? body = null, string? host = null)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(fleet.AdminUrl + path));
        if (token is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        if (origin is not null)
            request.Headers.Add("Origin", origin);
        if (host is not null)
            request.Headers.Host = host;
        if (body is not null || contentType is not null)
        {
            request.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(body ?? ""));
            if (contentType is not null)
                request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }
        using var response = await _http.SendAsync(request);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync(), response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<bool> DrainingAsync() =>
        (await SendAsync("GET", "/workers/worker-01", TokenFleet.Token)).Json.GetProperty("draining_since").ValueKind != System.Text.Json.JsonValueKind.Null;

    [Fact]
    public async Task Every_route_but_healthz_needs_the_bearer_token()
    {
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/healthz")).Status);
        foreach (var path in new[] { "/workers", "/jobs", "/fleet", "/metrics", "/readyz", "/openapi.json", "/no-such-route" })
        {
            var none = await SendAsync("GET", path);
            Assert.True(none.Status == HttpStatusCode.Unauthorized, $"{path}: {none}");
            Assert.Equal("UNAUTHORIZED", none.Json.Str("error_code"));
            var wrong = await SendAsync("GET", path, "s3cret-t0kem");
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.Status);
        }
        Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/workers", TokenFleet.Token)).Status);
        Assert.DoesNotContain(TokenFleet.Token, fleet.Controller.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ampctl_sends_the_token_from_its_option_and_environment()
    {
        var withOption = await FleetAmpctl("worker", "list", "--auth-token", TokenFleet.Token);
        Assert.True(withOption.ExitCode == 0, withOption.ToString());
        var withEnv = await AmpFleet.RunAmpctlAsync(["worker", "list", "--admin-url", fleet.AdminUrl], new Dictionary<string, string?> { ["AMP_AUTH_TOKEN"] = TokenFleet.Token });
        Assert.True(withEnv.ExitCode == 0, withEnv.ToString());
        var without = await FleetAmpctl("worker", "list");
        Assert.Equal(1, without.ExitCode);
        Assert.Contains("UNAUTHORIZED", without.Stderr, StringComparison.Ordinal);
    }

    private Task<CommandResult> FleetAmpctl(params string[] args) => AmpFleet.RunAmpctlAsync([.. args, "--admin-url", fleet.AdminUrl]);

    [Fact]
    public async Task A_cross_site_form_post_cannot_drain_a_worker()
    {
        var evil = await SendAsync("POST", "/workers/worker-01/drain", TokenFleet.Token, origin: "http://evil.example");
        Assert.True(evil.Status == HttpStatusCode.Forbidden, evil.ToString());
        Assert.Equal("CROSS_SITE_REQUEST", evil.Json.Str("error_code"));
        foreach (var type in new[] { "application/x-www-form-urlencoded", "text/plain", "multipart/form-data; boundary=x" })
        {
            var form = await SendAsync("POST", "/workers/worker-01/drain", TokenFleet.Token, contentType: type, body: "a=1");
            Assert.True(form.Status == HttpStatusCode.UnsupportedMediaType, $"{type}: {form}");
        }
        Assert.False(await DrainingAsync(), "the worker was drained by a request a browser could send");

        // The API's own pages (same origin) and API clients (no Origin) still work.
        var sameOrigin = await SendAsync("POST", "/workers/worker-01/drain", TokenFleet.Token, origin: fleet.AdminUrl);
        Assert.True(sameOrigin.Status == HttpStatusCode.OK, sameOrigin.ToString());
        Assert.True(await DrainingAsync());
        var undrain = await SendAsync("POST", "/workers/worker-01/undrain", TokenFleet.Token);
        Assert.True(undrain.Status == HttpStatusCode.OK, undrain.ToString());
    }

    [Fact]
    public async Task A_loopback_bound_api_refuses_foreign_host_names()
    {
        var rebound = await SendAsync("GET", "/workers", TokenFleet.Token, host: "evil.example");
        Assert.True(rebound.Status == HttpStatusCode.Forbidden, rebound.ToString());
        Assert.Equal("INVALID_HOST", rebound.Json.Str("error_code"));
        foreach (var host in new[] { $"localhost:{fleet.Port}", $"127.0.0.1:{fleet.Port}", "localhost" })
            Assert.Equal(HttpStatusCode.OK, (await SendAsync("GET", "/workers", TokenFleet.Token, host: host)).Status);
    }
}
