using System.Net;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;

namespace Ampctl.Commands.Query;

/// <summary>What the query server answered before the first row: rows to read, or Amp's error.</summary>
internal abstract record QueryResponse
{
    private QueryResponse() { }

    public sealed record Rows(HttpResponseMessage Response) : QueryResponse;

    public sealed record Failed(string ErrorCode, string ErrorMessage, int Status) : QueryResponse;
}

/// <summary>The server ended a 200 answer before its last row (a timeout, the memory limit, a lost connection).</summary>
internal sealed class QueryStreamEndedException(string message, Exception inner) : Exception(message, inner);

/// <summary>
/// The JSON Lines transport from the client side: <c>POST /</c> with the SQL text, then one JSON object per line, read
/// as they arrive.
/// </summary>
internal sealed class JsonlQueryClient(Uri url, string? authToken) : IDisposable
{
    public const string UrlEnv = "AMP_QUERY_URL";
    public const string DefaultUrl = "http://127.0.0.1:1603";

    private readonly HttpClient _http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(10) }) { Timeout = Timeout.InfiniteTimeSpan };

    public Uri Url => url;

    public async Task<QueryResponse> SendAsync(string sql, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(sql, Encoding.UTF8, "text/plain") };
        if (authToken is not null)
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", authToken);
        var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
        if (response.StatusCode == HttpStatusCode.OK)
            return new QueryResponse.Rows(response);
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (doc.RootElement.TryGetProperty("error_code", out var code))
                    return new QueryResponse.Failed(code.GetString() ?? "", doc.RootElement.TryGetProperty("error_message", out var m) ? m.GetString() ?? "" : "", (int)response.StatusCode);
            }
            catch (JsonException)
            {
                // not Amp's error shape: reported with the body below
            }
            return new QueryResponse.Failed($"HTTP_{(int)response.StatusCode}", body.Length > 300 ? body[..300] : body, (int)response.StatusCode);
        }
    }

    /// <summary>The rows of a 200 answer, one JSON line each, as they arrive.</summary>
    public static async IAsyncEnumerable<string> ReadLinesAsync(HttpResponseMessage response, [EnumeratorCancellation] CancellationToken ct)
    {
        var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (true)
        {
            string? line;
            try
            {
                line = await reader.ReadLineAsync(ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new QueryStreamEndedException("the query server ended the answer early (a statement timeout, the memory limit, or the server stopped); its log says which", ex);
            }
            if (line is null)
                yield break;
            if (line.Length > 0)
                yield return line;
        }
    }

    public void Dispose() => _http.Dispose();
}
