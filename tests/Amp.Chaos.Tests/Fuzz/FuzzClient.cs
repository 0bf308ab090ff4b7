using System.Net;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>An answer to a fuzz request, or the transport error that came instead.</summary>
public sealed record FuzzAnswer(int Status, string? MediaType, string Body, string? TransportError)
{
    public override string ToString() =>
        TransportError is not null ? $"no answer: {TransportError}" : $"HTTP {Status} ({MediaType}): {FuzzRequest.Shorten(Body, 600)}";
}

/// <summary>Sends fuzz requests with HttpClient exactly as generated: no redirects, no cookies, no decompression.</summary>
public sealed class FuzzClient(string baseUrl) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        UseCookies = false,
        AutomaticDecompression = DecompressionMethods.None,
        MaxConnectionsPerServer = 32,
    })
    { Timeout = TimeSpan.FromSeconds(30) };

    public async Task<FuzzAnswer> SendAsync(FuzzRequest r)
    {
        try
        {
            using var message = new HttpRequestMessage(new HttpMethod(r.Method), new Uri(baseUrl + r.PathAndQuery));
            if (r.Body is not null)
                message.Content = r.Chunked ? new UnknownLengthContent(r.Body) : new ByteArrayContent(r.Body);
            if (r.ContentType is not null)
            {
                message.Content ??= new ByteArrayContent([]);
                message.Content.Headers.TryAddWithoutValidation("Content-Type", r.ContentType);
            }
            foreach (var (name, value) in r.Headers ?? [])
            {
                if (!message.Headers.TryAddWithoutValidation(name, value) && message.Content is not null)
                    message.Content.Headers.TryAddWithoutValidation(name, value);
            }
            using var response = await _http.SendAsync(message);
            var body = await response.Content.ReadAsStringAsync();
            return new FuzzAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return new FuzzAnswer(0, null, "", $"{ex.GetType().Name}: {ex.Message}{(ex.InnerException is { } inner ? $" ({inner.Message})" : "")}");
        }
    }

    public void Dispose() => _http.Dispose();

    /// <summary>A body without a known length, so it goes out with Transfer-Encoding: chunked.</summary>
    private sealed class UnknownLengthContent(byte[] body) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) => stream.WriteAsync(body).AsTask();

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
