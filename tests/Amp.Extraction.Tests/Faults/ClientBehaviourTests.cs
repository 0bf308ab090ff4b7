using System.Diagnostics.Metrics;
using Amp.Extraction.Errors;
using Amp.Extraction.Rpc;
using Amp.Testing.FaultRpc;
using static Amp.Extraction.Tests.Faults.FaultStreaming;

namespace Amp.Extraction.Tests.Faults;

/// <summary>Head, authentication, options and metrics of the client against the fault server.</summary>
public sealed class ClientBehaviourTests : IAsyncLifetime
{
    private FaultRpcServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultRpcServer.StartAsync(ChainData.Generate(100));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Head_comes_from_latest_or_finalized()
    {
        using var client = new EvmRpcClient(Options(_server));
        Assert.Equal(100UL, (await client.GetHeadAsync(HeadTag.Latest, CancellationToken.None))!.Value.Value);
        Assert.Equal(36UL, (await client.GetHeadAsync(HeadTag.Finalized, CancellationToken.None))!.Value.Value);
        Assert.Equal(["[\"latest\",false]", "[\"finalized\",false]"], _server.Requests.Select(r => $"[\"{r.FirstParams[0]}\",false]"));
    }

    [Fact]
    public async Task Head_failures_are_retried_then_end_retryable()
    {
        _server.Faults.CallError("eth_getBlockByNumber", 100, times: int.MaxValue);
        using var client = new EvmRpcClient(Options(_server));
        var error = await Assert.ThrowsAsync<ExtractionException>(() => client.GetHeadAsync(HeadTag.Latest, CancellationToken.None));
        Assert.Equal(ExtractionErrorCodes.RetriesExhausted, error.Code);
        Assert.True(error.IsRetryable);
        Assert.Equal(FastRetries.MaxAttempts, _server.Requests.Count);
    }

    [Fact]
    public async Task Auth_token_is_sent_as_bearer_or_in_the_named_header()
    {
        using (var bearer = new EvmRpcClient(Options(_server) with { AuthToken = "s3cret" }))
            await bearer.GetHeadAsync(HeadTag.Latest, CancellationToken.None);
        using (var named = new EvmRpcClient(Options(_server) with { AuthToken = "k3y", AuthHeader = "Drpc-Key" }))
            await named.GetHeadAsync(HeadTag.Latest, CancellationToken.None);
        Assert.Equal("Bearer s3cret", _server.Requests[0].Headers["Authorization"]);
        Assert.Equal("k3y", _server.Requests[1].Headers["Drpc-Key"]);
        Assert.False(_server.Requests[1].Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public void Options_are_checked_at_the_edge()
    {
        var options = new EvmRpcClientOptions { Url = new Uri("http://localhost:8545") };
        Assert.Null(options.Validate());
        Assert.Null((options with { Url = new Uri("ipc:///tmp/anvil.ipc") }).Validate());
        Assert.Contains("the scheme must be http, https or ipc", (options with { Url = new Uri("ws://localhost:8545") }).Validate());
        Assert.Contains("timeout_secs", (options with { TimeoutSecs = 0 }).Validate());
        Assert.Contains("rate_limit_per_minute", (options with { RateLimitPerMinute = 0 }).Validate());
        Assert.Contains("auth_header", (options with { AuthHeader = "X-Key" }).Validate());
        Assert.Throws<ArgumentException>(() => new EvmRpcClient(options with { RpcBatchSize = -1 }));
        Assert.Equal(1, (options with { ConcurrentRequestLimit = 0 }).EffectiveConcurrency);
        Assert.False((options with { RpcBatchSize = 1 }).Batched);
        Assert.True((options with { RpcBatchSize = 2 }).Batched);
    }

    [Fact]
    public async Task A_concurrency_limit_of_zero_is_raised_to_one_and_still_streams()
    {
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize: 2) with { ConcurrentRequestLimit = 0 }, to: 9);
        Assert.Null(error);
        Assert.Equal(10, emitted.Count);
    }

    [Fact]
    public async Task Batches_hold_at_most_rpc_batch_size_calls_in_rounds_of_ten_batches()
    {
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize: 3), to: 59);
        Assert.Null(error);
        Assert.Equal(60, emitted.Count);
        var blockRequests = _server.Requests.Where(r => r.Method == "eth_getBlockByNumber").ToList();
        Assert.All(_server.Requests, r => Assert.InRange(r.Calls, 1, 3));
        Assert.Equal(20, blockRequests.Count);
        Assert.Equal("eth_getBlockReceipts", _server.Requests[10].Method);
    }

    [Fact]
    public async Task Cancellation_stops_a_stream_waiting_on_a_slow_answer()
    {
        _server.Faults.Slow(TimeSpan.FromSeconds(20));
        using var client = new EvmRpcClient(Options(_server));
        using var cancel = new CancellationTokenSource();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var stream = Task.Run(async () =>
        {
            await foreach (var block in client.StreamBlocksAsync(new(0), new(10), cancel.Token))
                block.Dispose();
        });
        await Amp.Testing.Eventually.UntilAsync(() => _server.Requests.Count > 0, "the first request to arrive");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stream);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"cancellation took {clock.Elapsed}");
    }

    [Fact]
    public async Task Rate_limited_client_still_delivers_every_block()
    {
        var (emitted, error) = await StreamAsync(_server, Options(_server) with { RateLimitPerMinute = 600 }, to: 9);
        Assert.Null(error);
        Assert.Equal(10, emitted.Count);
    }

    [Fact]
    public async Task Metrics_count_requests_by_method_and_retries_by_code()
    {
        var measurements = new List<(string Instrument, long Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RpcMetrics.MeterName)
                l.EnableMeasurementEvents(instrument);
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? tag = null;
            foreach (var t in tags)
                if (t.Key is "method" or "code")
                    tag = t.Value?.ToString();
            lock (measurements)
                measurements.Add((instrument.Name, value, tag));
        });
        listener.Start();
        _server.Faults.NullBlock(3);
        var (_, error) = await StreamAsync(_server, Options(_server), to: 5);
        Assert.Null(error);
        lock (measurements)
        {
            Assert.Contains(measurements, m => m is ("amp.extraction.rpc.requests", 1, "eth_getBlockByNumber"));
            Assert.Contains(measurements, m => m is ("amp.extraction.stream.retries", 1, ExtractionErrorCodes.BlockNotFound));
        }
    }
}
