using System.Net.Http.Headers;
using System.Text;
using Amp.AdminClient.Http;

namespace Amp.AdminClient;

/// <summary>
/// Typed client of the Admin API (<c>ampd controller</c> / <c>ampd solo</c>, port 1610 by default).
/// Every call returns an <see cref="AdminResult{T}"/>: API errors, an unreachable server and responses that
/// break the contract are values, not exceptions. Only cancellation by the caller throws.
/// Endpoints live next to their capability (for example <c>Workers/AdminApiClient.Workers.cs</c>).
/// </summary>
public sealed partial class AdminApiClient : IDisposable
{
    public const string DefaultBaseUrl = "http://localhost:1610";
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Uri _base;
    private readonly string? _authToken;
    private readonly TimeSpan _timeout;

    /// <summary>Creates a client with its own connection pool and a 10 s timeout per request.</summary>
    /// <param name="baseUrl">Absolute http or https URL of the Admin API, possibly with a path prefix.</param>
    /// <param name="authToken">Sent as <c>Authorization: Bearer</c> when not null or empty (for a fronting gateway).</param>
    public AdminApiClient(Uri baseUrl, string? authToken = null, TimeSpan? timeout = null)
        : this(new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout ?? DefaultTimeout }), baseUrl, authToken, timeout)
    {
        _ownsHttp = true;
    }

    /// <summary>Uses a caller-owned <see cref="HttpClient"/> (not disposed by this client).</summary>
    public AdminApiClient(HttpClient httpClient, Uri baseUrl, string? authToken = null, TimeSpan? timeout = null)
    {
        ArgumentNullException.ThrowIfNull(httpClient);
        ArgumentNullException.ThrowIfNull(baseUrl);
        if (!IsHttpUrl(baseUrl))
            throw new ArgumentException($"the Admin API URL must be an absolute http:// or https:// URL, got '{baseUrl}'", nameof(baseUrl));
        _http = httpClient;
        _base = baseUrl.AbsoluteUri.EndsWith('/') ? baseUrl : new Uri(baseUrl.AbsoluteUri + "/");
        _authToken = string.IsNullOrEmpty(authToken) ? null : authToken;
        _timeout = timeout ?? DefaultTimeout;
    }

    /// <summary>The Admin API URL as an operator would write it (no trailing slash).</summary>
    public string BaseUrl => _base.AbsoluteUri.TrimEnd('/');

    /// <summary>True when <paramref name="url"/> is an absolute http or https URL this client can talk to.</summary>
    public static bool IsHttpUrl(Uri url) =>
        url.IsAbsoluteUri && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps) && !string.IsNullOrEmpty(url.Host);

    /// <summary>One received HTTP response: what an endpoint method builds its result from.</summary>
    private readonly record struct Reply(int Status, string? Reason, HttpResponseHeaders Headers, string Body);

    private Task<AdminResult<T>> GetAsync<T>(string relativePath, CancellationToken ct)
        where T : class => SendForJsonAsync<T>(HttpMethod.Get, relativePath, jsonBody: null, ct);

    /// <summary>A POST without a body: the Admin API's actions take everything from the path.</summary>
    private Task<AdminResult<T>> PostAsync<T>(string relativePath, CancellationToken ct)
        where T : class => SendForJsonAsync<T>(HttpMethod.Post, relativePath, jsonBody: null, ct);

    /// <summary>A request whose 2xx answer is a JSON body of type <typeparamref name="T"/>.</summary>
    private Task<AdminResult<T>> SendForJsonAsync<T>(HttpMethod method, string relativePath, string? jsonBody, CancellationToken ct)
        where T : class =>
        SendAsync(method, relativePath, jsonBody,
            reply => ResponseReader.Read<T>(method, relativePath, reply.Status, reply.Reason, reply.Body), ct);

    /// <summary>
    /// A request without a body whose 2xx answer carries none either (200 or 204): <paramref name="onSuccess"/>
    /// builds the value from the headers. Errors are read as usual.
    /// </summary>
    private Task<AdminResult<T>> SendForNoContentAsync<T>(HttpMethod method, string relativePath,
        Func<HttpResponseHeaders, string, AdminResult<T>> onSuccess, CancellationToken ct)
        where T : class =>
        SendAsync(method, relativePath, jsonBody: null,
            reply => reply.Status is >= 200 and < 300
                ? onSuccess(reply.Headers, reply.Body)
                : ResponseReader.Read<T>(method, relativePath, reply.Status, reply.Reason, reply.Body), ct);

    /// <summary>
    /// The one way a request goes out: <paramref name="jsonBody"/> as <c>application/json</c> when given (otherwise
    /// an empty body for POST and PUT), then <paramref name="read"/> turns the response into the result. No response
    /// within the timeout, or none at all, is <see cref="AdminErrorCodes.ControllerUnreachable"/>.
    /// </summary>
    private async Task<AdminResult<T>> SendAsync<T>(HttpMethod method, string relativePath, string? jsonBody,
        Func<Reply, AdminResult<T>> read, CancellationToken ct)
        where T : class
    {
        using var request = new HttpRequestMessage(method, new Uri(_base, relativePath));
        if (jsonBody is not null)
            request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
        else if (method == HttpMethod.Post || method == HttpMethod.Put)
            request.Content = new ByteArrayContent([]);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        if (_authToken is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _authToken);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_timeout);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token).ConfigureAwait(false);
            var body = await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false);
            return read(new Reply((int)response.StatusCode, response.ReasonPhrase, response.Headers, body));
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return AdminResult<T>.Failure(Unreachable.TimedOut(BaseUrl, _timeout));
        }
        catch (HttpRequestException ex)
        {
            return AdminResult<T>.Failure(Unreachable.From(BaseUrl, ex));
        }
    }

    public void Dispose()
    {
        if (_ownsHttp)
            _http.Dispose();
    }
}
