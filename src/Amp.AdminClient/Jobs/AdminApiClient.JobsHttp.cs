using System.Net.Http.Headers;
using System.Text;
using Amp.AdminClient.Http;

namespace Amp.AdminClient;

/// <summary>
/// The request plumbing the job endpoints need beyond GET and body-less POST: PUT and DELETE, a JSON request
/// body, and 2xx answers without a body whose meaning is in the status or a header.
/// </summary>
public sealed partial class AdminApiClient
{
    /// <summary>Handles one received response (status, reason phrase, headers, body) of a job request.</summary>
    private delegate AdminResult<T> JobsResponseHandler<T>(int status, string? reason, HttpResponseHeaders headers, string body)
        where T : class;

    /// <summary>A request whose 2xx answer is a JSON body of type <typeparamref name="T"/>.</summary>
    private Task<AdminResult<T>> JobsSendForJsonAsync<T>(HttpMethod method, string relativePath, string? jsonBody, CancellationToken ct)
        where T : class =>
        JobsExchangeAsync<T>(method, relativePath, jsonBody,
            (status, reason, _, body) => ResponseReader.Read<T>(method, relativePath, status, reason, body), ct);

    /// <summary>
    /// A request whose 2xx answer carries no body (200 or 204): <paramref name="onSuccess"/> builds the value from
    /// the headers. Errors are read as usual.
    /// </summary>
    private Task<AdminResult<T>> JobsSendForNoContentAsync<T>(HttpMethod method, string relativePath,
        Func<HttpResponseHeaders, string, AdminResult<T>> onSuccess, CancellationToken ct)
        where T : class =>
        JobsExchangeAsync<T>(method, relativePath, jsonBody: null,
            (status, reason, headers, body) => status is >= 200 and < 300
                ? onSuccess(headers, body)
                : ResponseReader.Read<T>(method, relativePath, status, reason, body), ct);

    private async Task<AdminResult<T>> JobsExchangeAsync<T>(HttpMethod method, string relativePath, string? jsonBody,
        JobsResponseHandler<T> handle, CancellationToken ct)
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
            return handle((int)response.StatusCode, response.ReasonPhrase, response.Headers, body);
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
}
