using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Amp.Extraction.Errors;

namespace Amp.Extraction.Rpc.Transport;

/// <summary>JSON-RPC over HTTP: one pooled <see cref="HttpClient"/> with keep-alive connections.</summary>
internal sealed class HttpRpcTransport : IRpcTransport
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly Uri _url;
    private readonly string? _authHeader;
    private readonly string? _authValue;
    private readonly TimeSpan _timeout;

    public HttpRpcTransport(EvmRpcClientOptions options)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionsPerServer = options.EffectiveConcurrency,
            AutomaticDecompression = DecompressionMethods.All,
            ConnectTimeout = TimeSpan.FromSeconds(Math.Min(options.TimeoutSecs, 10)),
        };
        _timeout = TimeSpan.FromSeconds(options.TimeoutSecs);
        _http = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
        _url = options.Url;
        if (options.AuthToken is not null)
        {
            _authHeader = options.AuthHeader ?? "Authorization";
            _authValue = options.AuthHeader is null ? "Bearer " + options.AuthToken : options.AuthToken;
        }
    }

    public async Task<JsonDocument> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, _url) { Content = new ReadOnlyMemoryContent(body) };
        request.Content.Headers.ContentType = Json;
        if (_authHeader is not null)
            request.Headers.TryAddWithoutValidation(_authHeader, _authValue);
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
                throw new RateLimitedException(RetryAfter(response.Headers.RetryAfter));
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            JsonDocument document;
            try
            {
                document = await JsonDocument.ParseAsync(stream, default, timeout.Token).ConfigureAwait(false);
            }
            catch (JsonException e) when (!response.IsSuccessStatusCode)
            {
                throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"{_url.Host}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", isRetryable: true, inner: e);
            }
            if (!response.IsSuccessStatusCode && !IsJsonRpcError(document.RootElement))
            {
                document.Dispose();
                throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"{_url.Host}: HTTP {(int)response.StatusCode} {response.ReasonPhrase}", isRetryable: true);
            }
            return document;
        }
        catch (JsonException e)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcInvalidResponse, $"{_url.Host}: the answer is not valid JSON ({e.Message})", isRetryable: true, inner: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"{_url.Host}: no complete answer within {_timeout.TotalSeconds:0} s", isRetryable: true, inner: e);
        }
        catch (Exception e) when (e is HttpRequestException or IOException)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"{_url.Host}: {e.Message}", isRetryable: true, inner: e);
        }
    }

    private static bool IsJsonRpcError(JsonElement root) =>
        root.ValueKind == JsonValueKind.Array || (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error"u8, out _));

    private static TimeSpan? RetryAfter(RetryConditionHeaderValue? header) => header switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow,
        _ => null,
    };

    public void Dispose() => _http.Dispose();
}
