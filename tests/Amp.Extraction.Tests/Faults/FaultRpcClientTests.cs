using System.Diagnostics;
using Amp.Extraction.Errors;
using Amp.Testing.FaultRpc;
using static Amp.Extraction.Tests.Faults.FaultStreaming;

namespace Amp.Extraction.Tests.Faults;

/// <summary>Each fault of the fault server against the client: retried and recovered, split, or FATAL naming the block.</summary>
public sealed class FaultRpcClientTests : IAsyncLifetime
{
    private const ulong Head = 40;
    private FaultRpcServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultRpcServer.StartAsync(ChainData.Generate(Head));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private void AssertComplete((List<ulong> Emitted, ExtractionException? Error) result)
    {
        Assert.Null(result.Error);
        Assert.Equal(Range(0, Head), result.Emitted);
    }

    private int RequestsFor(string method, ulong block) =>
        _server.Requests.Where(r => r.Method == method).Sum(r => r.FirstParams.Count(p => p == ChainData.Hex(block)));

    public static TheoryData<int, bool> Modes => new() { { 0, false }, { 0, true }, { 4, false }, { 4, true } };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_call_error_for_a_block_is_retried_and_recovered(int batchSize, bool perTx)
    {
        _server.Faults.CallError("eth_getBlockByNumber", 5);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize, perTx)));
        Assert.True(RequestsFor("eth_getBlockByNumber", 5) >= 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_call_error_on_receipts_is_retried_and_recovered(int batchSize)
    {
        _server.Faults.CallError("eth_getBlockReceipts", 6);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize)));
        Assert.True(RequestsFor("eth_getBlockReceipts", 6) >= 2);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_null_block_is_retried_and_recovered(int batchSize)
    {
        _server.Faults.NullBlock(9, times: 2);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize)));
        Assert.True(RequestsFor("eth_getBlockByNumber", 9) >= 3);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Null_receipts_are_retried_and_the_block_keeps_its_logs(int batchSize, bool perTx)
    {
        _server.Faults.NullReceipts(7, times: 2);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize, perTx)));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Receipts_null_for_ever_end_retryable_after_bounded_attempts_and_the_block_is_never_emitted(int batchSize, bool perTx)
    {
        _server.Faults.NullReceipts(7, times: int.MaxValue);
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize, perTx));
        Assert.Equal(Range(0, 6), emitted);
        Assert.NotNull(error);
        Assert.Equal(ExtractionErrorCodes.RetriesExhausted, error.Code);
        Assert.True(error.IsRetryable);
        Assert.Equal(7UL, error.Block!.Value.Value);
        Assert.Contains("block 7: failed 4 times in a row", error.Message);
        Assert.Contains(ExtractionErrorCodes.ReceiptsMissing, error.Message);
    }

    [Fact]
    public async Task Response_too_large_splits_receipt_batches_down_to_single_calls()
    {
        _server.Faults.ResponseTooLargeAbove(1);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize: 8)));
        var receiptRequests = _server.Requests.Where(r => r.Method == "eth_getBlockReceipts").ToList();
        Assert.Contains(receiptRequests, r => r.Calls > 1);
        Assert.Contains(receiptRequests, r => r.Calls == 1);
    }

    [Fact]
    public async Task Response_too_large_for_a_single_call_is_retried()
    {
        _server.Faults.CallError("eth_getBlockReceipts", 3, code: -32020);
        AssertComplete(await StreamAsync(_server, Options(_server)));
        Assert.Equal(2, RequestsFor("eth_getBlockReceipts", 3));
    }

    [Fact]
    public async Task Batch_limit_splits_batches_until_they_fit()
    {
        _server.Faults.BatchLimit(3);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize: 8)));
        Assert.Contains(_server.Requests, r => r.Calls == 8);
        Assert.Contains(_server.Requests, r => r.Calls is > 0 and <= 3 && r.Method == "eth_getBlockByNumber");
    }

    [Fact]
    public async Task Http_429_waits_for_retry_after_then_recovers()
    {
        _server.Faults.TooManyRequests(retryAfterSeconds: 1);
        var clock = Stopwatch.StartNew();
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize: 4)));
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(950), $"took {clock.Elapsed}");
    }

    [Fact]
    public async Task Http_429_without_end_fails_retryable()
    {
        _server.Faults.TooManyRequests(retryAfterSeconds: 0, times: int.MaxValue);
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize: 4) with { Retry = FastRetries with { MaxRateLimitWaits = 1, MaxAttempts = 2 } }, to: 3);
        Assert.Empty(emitted);
        Assert.Equal(ExtractionErrorCodes.RetriesExhausted, error!.Code);
        Assert.Contains(ExtractionErrorCodes.RpcRateLimited, error.Message);
    }

    [Fact]
    public async Task A_response_slower_than_the_timeout_is_retried()
    {
        _server.Faults.Slow(TimeSpan.FromSeconds(5));
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize: 4, timeoutSecs: 1)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_truncated_response_is_retried(int batchSize)
    {
        _server.Faults.Truncate(times: 2);
        AssertComplete(await StreamAsync(_server, Options(_server, batchSize)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_receipt_count_mismatch_is_fatal_and_names_the_block(int batchSize)
    {
        _server.Faults.DropLastReceipt(6);
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize));
        Assert.Equal(Range(0, 5), emitted);
        Assert.Equal(ExtractionErrorCodes.ReceiptCountMismatch, error!.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 6 has 2 transactions but the provider returned 1 receipts", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public async Task A_receipt_for_another_transaction_is_fatal_and_names_the_block(int batchSize)
    {
        _server.Faults.WrongReceiptHash(9);
        var (emitted, error) = await StreamAsync(_server, Options(_server, batchSize));
        Assert.Equal(Range(0, 8), emitted);
        Assert.Equal(ExtractionErrorCodes.ReceiptHashMismatch, error!.Code);
        Assert.False(error.IsRetryable);
        Assert.Contains("block 9: receipt 0 is for transaction 0xeeee", error.Message);
    }
}
