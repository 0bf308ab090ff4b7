using System.Diagnostics;
using Amp.Extraction.Rpc;
using Amp.Testing.FaultRpc;
using static Amp.Extraction.Tests.Faults.FaultStreaming;

namespace Amp.Extraction.Tests.Faults;

/// <summary><c>rate_limit_per_minute</c> and <c>concurrent_request_limit</c>, as the provider sees them.</summary>
public sealed class ClientLimitsTests : IAsyncLifetime
{
    private FaultRpcServer _server = null!;

    public async Task InitializeAsync() => _server = await FaultRpcServer.StartAsync(ChainData.Generate(10));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData(1)]
    [InlineData(59)]
    [InlineData(60)]
    [InlineData(90)]
    [InlineData(119)]
    [InlineData(1200)]
    [InlineData(1201)]
    [InlineData(1_000_000)]
    public void The_bucket_refills_at_exactly_the_configured_rate_per_minute_and_holds_a_burst_of_that_many(int perMinute)
    {
        var options = RpcRateLimit.OptionsFor(perMinute);

        var refilledPerMinute = (double)options.TokensPerPeriod * TimeSpan.TicksPerMinute / options.ReplenishmentPeriod.Ticks;
        Assert.True(Math.Abs(refilledPerMinute - perMinute) <= perMinute * 1e-6,
            $"{perMinute}/min refills {refilledPerMinute}/min ({options.TokensPerPeriod} every {options.ReplenishmentPeriod})");
        Assert.Equal(perMinute, options.TokenLimit);
        Assert.True(options.ReplenishmentPeriod >= RpcRateLimit.MinPeriod * 0.99, $"period {options.ReplenishmentPeriod}");
        Assert.True(options.AutoReplenishment);
    }

    [Fact]
    public async Task Requests_beyond_the_burst_wait_for_the_refill()
    {
        // 90 per minute: a burst of 90, then 1.5 a second, so 6 more need at least 4 s.
        using var client = new EvmRpcClient(Options(_server) with { RateLimitPerMinute = 90 });
        var clock = Stopwatch.StartNew();

        for (var i = 0; i < 96; i++)
            Assert.NotNull(await client.GetHeadAsync(HeadTag.Latest, CancellationToken.None));

        Assert.Equal(96, _server.Requests.Count);
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3), $"96 requests at 90/min took only {clock.Elapsed}: nothing was throttled");
    }

    [Fact]
    public async Task Concurrent_request_limit_caps_the_requests_the_provider_holds_at_once()
    {
        _server.Faults.Slow(TimeSpan.FromMilliseconds(300), times: int.MaxValue);
        using var client = new EvmRpcClient(Options(_server) with { ConcurrentRequestLimit = 2 });

        var heads = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.GetHeadAsync(HeadTag.Latest, CancellationToken.None)));

        Assert.All(heads, h => Assert.Equal(10UL, h!.Value.Value));
        Assert.Equal(8, _server.Requests.Count);
        Assert.Equal(2, _server.MaxInFlight);
    }
}
