using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Threading.RateLimiting;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm;
using Amp.Extraction.Rpc.Transport;

namespace Amp.Extraction.Rpc;

/// <summary>
/// Sends calls as one request (a single object, or a batch array), matches the answers by id, honours the rate
/// limit (one token per transport request) and HTTP 429's Retry-After, and splits a batch in halves, down to
/// single calls, when the provider answers -32020 (response too large) or -32007 (batch limit).
/// </summary>
internal sealed class RpcCaller(IRpcTransport transport, RateLimiter? rateLimiter, StreamRetryPolicy policy, TimeProvider time) : IDisposable
{
    private long _nextId;

    public async Task<RpcResponses> CallAsync(IReadOnlyList<RpcCall> calls, CancellationToken cancellationToken)
    {
        var results = new JsonElement[calls.Count];
        var errors = new RpcError?[calls.Count];
        var leases = new List<JsonLease>();
        try
        {
            await FillAsync(calls, Enumerable.Range(0, calls.Count).ToArray(), results, errors, leases, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var lease in leases)
                lease.Release();
            throw;
        }
        return new RpcResponses(results, errors, leases);
    }

    private async Task FillAsync(IReadOnlyList<RpcCall> calls, int[] indices, JsonElement[] results, RpcError?[] errors, List<JsonLease> leases, CancellationToken cancellationToken)
    {
        var firstId = Interlocked.Add(ref _nextId, indices.Length) - indices.Length + 1;
        var method = calls[indices[0]].Method;
        var lease = new JsonLease(await SendAsync(Body(calls, indices, firstId), method, indices.Length, cancellationToken).ConfigureAwait(false));
        leases.Add(lease);
        var root = lease.Root;
        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            throw new ExtractionException(ExtractionErrorCodes.RpcInvalidResponse, $"{method}: the answer is {root.ValueKind}, not a JSON-RPC response", isRetryable: true);
        var retry = new List<int>();
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error"u8, out var whole) && !HasId(root, firstId, indices.Length))
        {
            var error = ReadError(whole);
            RpcMetrics.Error(method, error.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
            if (error.AsksForSmallerRequests && indices.Length > 1)
                retry.AddRange(indices);
            else
                foreach (var index in indices)
                    errors[index] = error;
        }
        else
        {
            var answered = new bool[indices.Length];
            foreach (var item in root.ValueKind == JsonValueKind.Array ? root.EnumerateArray() : Single(root))
            {
                if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id"u8, out var idElement) || idElement.ValueKind != JsonValueKind.Number || !idElement.TryGetInt64(out var id) || id < firstId || id >= firstId + indices.Length)
                    continue;
                var position = (int)(id - firstId);
                answered[position] = true;
                var index = indices[position];
                if (item.TryGetProperty("error"u8, out var itemError) && itemError.ValueKind != JsonValueKind.Null)
                {
                    var error = ReadError(itemError);
                    RpcMetrics.Error(method, error.Code.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    if (error.AsksForSmallerRequests && indices.Length > 1)
                        retry.Add(index);
                    else
                        errors[index] = error;
                }
                else
                {
                    results[index] = item.TryGetProperty("result"u8, out var result) ? result : default;
                }
            }
            for (var position = 0; position < indices.Length; position++)
                if (!answered[position])
                    errors[indices[position]] = new RpcError(0, "the provider sent no answer with this call's id");
        }
        if (retry.Count == 0)
            return;
        var half = (retry.Count + 1) / 2;
        var parts = retry.Count == indices.Length ? [retry.Take(half).ToArray(), retry.Skip(half).ToArray()] : new[] { retry.ToArray() };
        foreach (var part in parts.Where(p => p.Length > 0))
            await FillAsync(calls, part, results, errors, leases, cancellationToken).ConfigureAwait(false);
    }

    private static IEnumerable<JsonElement> Single(JsonElement root)
    {
        yield return root;
    }

    private static bool HasId(JsonElement root, long firstId, int count) =>
        root.TryGetProperty("id"u8, out var id) && id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out var value) && value >= firstId && value < firstId + count;

    private static RpcError ReadError(JsonElement error)
    {
        var code = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("code"u8, out var c) && c.ValueKind == JsonValueKind.Number && c.TryGetInt64(out var value) ? value : 0;
        var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : error.GetRawText();
        return new RpcError(code, message);
    }

    private static ReadOnlyMemory<byte> Body(IReadOnlyList<RpcCall> calls, int[] indices, long firstId)
    {
        var buffer = new ArrayBufferWriter<byte>(128 * indices.Length);
        using var writer = new Utf8JsonWriter(buffer);
        if (indices.Length > 1)
            writer.WriteStartArray();
        for (var i = 0; i < indices.Length; i++)
        {
            var call = calls[indices[i]];
            writer.WriteStartObject();
            writer.WriteString("jsonrpc"u8, "2.0"u8);
            writer.WriteNumber("id"u8, firstId + i);
            writer.WriteString("method"u8, call.Method);
            writer.WritePropertyName("params"u8);
            writer.WriteRawValue(call.ParamsJson, skipInputValidation: true);
            writer.WriteEndObject();
        }
        if (indices.Length > 1)
            writer.WriteEndArray();
        writer.Flush();
        return buffer.WrittenMemory;
    }

    private async Task<JsonDocument> SendAsync(ReadOnlyMemory<byte> body, string method, int calls, CancellationToken cancellationToken)
    {
        var waits = 0;
        while (true)
        {
            if (rateLimiter is not null)
            {
                using var lease = await rateLimiter.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                    throw new ExtractionException(ExtractionErrorCodes.RpcRateLimited, "the client-side rate limiter refused a request", isRetryable: true);
            }
            var started = Stopwatch.GetTimestamp();
            var tags = new TagList { { "method", method } };
            RpcMetrics.Requests.Add(1, tags);
            RpcMetrics.BatchSize.Record(calls, tags);
            try
            {
                var document = await transport.SendAsync(body, cancellationToken).ConfigureAwait(false);
                RpcMetrics.Duration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
                return document;
            }
            catch (RateLimitedException e)
            {
                RpcMetrics.Error(method, "HTTP_429");
                if (++waits > policy.MaxRateLimitWaits)
                    throw new ExtractionException(ExtractionErrorCodes.RpcRateLimited, $"{method}: HTTP 429 after {policy.MaxRateLimitWaits} waits", isRetryable: true, inner: e);
                var wait = e.RetryAfter is { } after && after > TimeSpan.Zero ? (after < policy.MaxRetryAfter ? after : policy.MaxRetryAfter) : TimeSpan.FromSeconds(1);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (ExtractionException e)
            {
                RpcMetrics.Error(method, e.Code);
                throw;
            }
        }
    }

    public void Dispose()
    {
        transport.Dispose();
        rateLimiter?.Dispose();
    }
}
