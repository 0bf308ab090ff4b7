using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amp.Core.Time;
using Amp.Extraction.Errors;
using Amp.Extraction.Evm;
using Amp.Extraction.Rpc.Streaming;
using Amp.Extraction.Rpc.Transport;

namespace Amp.Extraction.Rpc;

/// <summary>
/// The JSON-RPC client of one extraction job: the chain head, and blocks with their receipts streamed in order
/// (amp-extraction.md §5.4), with bounded retries (§5.6, bounded as DESIGN.md asks). One instance per job: its
/// concurrency limit and rate limit are shared by every partition that streams through it.
/// </summary>
public sealed class EvmRpcClient : IDisposable
{
    private readonly EvmRpcClientOptions _options;
    private readonly RpcCaller _caller;
    private readonly SemaphoreSlim _permits;
    private readonly TimeProvider _time;
    private readonly Func<BlockNumber, BlockNumber, CancellationToken, IAsyncEnumerable<RawBlock>> _fetch;

    public EvmRpcClient(EvmRpcClientOptions options, TimeProvider? time = null)
    {
        if (options.Validate() is { } error)
            throw new ArgumentException(error, nameof(options));
        _options = options;
        _time = time ?? TimeProvider.System;
        IRpcTransport transport = options.IsIpc
            ? new IpcRpcTransport(options.IpcPath, TimeSpan.FromSeconds(options.TimeoutSecs))
            : new HttpRpcTransport(options);
        _caller = new RpcCaller(transport, RpcRateLimit.For(options.RateLimitPerMinute), options.Retry, _time);
        _permits = new SemaphoreSlim(options.EffectiveConcurrency);
        _fetch = options.Batched
            ? new BatchedBlockSource(_caller, _permits, options.RpcBatchSize, options.FetchReceiptsPerTx).FetchAsync
            : new UnbatchedBlockSource(_caller, _permits, options.FetchReceiptsPerTx).FetchAsync;
    }

    public EvmRpcClientOptions Options => _options;

    /// <summary>The head block number by <paramref name="tag"/>; null when the node has no such block yet.</summary>
    public async Task<BlockNumber?> GetHeadAsync(HeadTag tag, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(_options.Retry.InitialDelay, _options.Retry.MaxDelay);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await _permits.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    using var response = await _caller.CallAsync([RpcCall.Head(tag)], cancellationToken).ConfigureAwait(false);
                    if (response.Error(0) is { } error)
                        throw new ExtractionException(ExtractionErrorCodes.RpcCallError, $"head ({tag}): {error}", isRetryable: true);
                    var result = response.Result(0);
                    return result.ValueKind == JsonValueKind.Object ? new BlockNumber(Evm.Rows.HexField.Quantity(result, "number"u8)) : null;
                }
                finally
                {
                    _permits.Release();
                }
            }
            catch (ExtractionException e) when (e.IsRetryable)
            {
                if (attempt >= _options.Retry.MaxAttempts)
                    throw Exhausted(e, attempt, $"the {tag.ToString().ToLowerInvariant()} head");
                RpcMetrics.Retries.Add(1, new TagList { { "code", e.Code } });
                await Task.Delay(backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
            }
            catch (FormatException e)
            {
                throw new ExtractionException(ExtractionErrorCodes.InvalidBlockData, $"head ({tag}): {e.Message}", isRetryable: false, inner: e);
            }
        }
    }

    /// <summary>
    /// Blocks <paramref name="start"/>..=<paramref name="end"/> in order, each with its receipts. A retryable failure
    /// restarts the stream at the first block not yet emitted, after a backoff; after
    /// <see cref="StreamRetryPolicy.MaxAttempts"/> failures in a row it throws the retryable <c>RPC_RETRIES_EXHAUSTED</c>.
    /// Data-shape failures throw at once, FATAL. The caller disposes each block.
    /// </summary>
    public async IAsyncEnumerable<RawBlock> StreamBlocksAsync(BlockNumber start, BlockNumber end, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (end < start)
            yield break;
        var next = start;
        var failures = 0;
        var backoff = new Backoff(_options.Retry.InitialDelay, _options.Retry.MaxDelay);
        while (true)
        {
            var stream = _fetch(next, end, cancellationToken).GetAsyncEnumerator(cancellationToken);
            try
            {
                while (true)
                {
                    RawBlock? block = null;
                    try
                    {
                        if (!await stream.MoveNextAsync().ConfigureAwait(false))
                            throw new InvalidOperationException($"the block source ended before block {next}");
                        block = stream.Current;
                    }
                    catch (ExtractionException e) when (e.IsRetryable)
                    {
                        failures++;
                        if (failures >= _options.Retry.MaxAttempts)
                            throw Exhausted(e, failures, $"block {next}");
                        RpcMetrics.Retries.Add(1, new TagList { { "code", e.Code } });
                        await Task.Delay(backoff.Next(), _time, cancellationToken).ConfigureAwait(false);
                        break;
                    }
                    catch (Exception e) when (e is (KeyNotFoundException or InvalidOperationException or FormatException) and not ObjectDisposedException)
                    {
                        throw new ExtractionException(ExtractionErrorCodes.InvalidBlockData, $"block {next}: the provider's answer has an unexpected shape ({e.Message})", isRetryable: false, next, e);
                    }
                    if (block.Number != next)
                    {
                        block.Dispose();
                        throw new ExtractionException(ExtractionErrorCodes.NonIncreasingBlocks, $"expected block {next}, the stream produced block {block.Number}", isRetryable: false, next);
                    }
                    failures = 0;
                    backoff.Reset();
                    yield return block;
                    if (next == end)
                        yield break;
                    next = next.Next;
                }
            }
            finally
            {
                await stream.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private static ExtractionException Exhausted(ExtractionException last, int attempts, string what) =>
        new(ExtractionErrorCodes.RetriesExhausted, $"{what}: failed {attempts} times in a row; last: {last.Message}", isRetryable: true, last.Block, last);

    public void Dispose()
    {
        _caller.Dispose();
        _permits.Dispose();
    }
}
