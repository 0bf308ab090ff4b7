using System.Collections;
using System.Net;
using Ampd.Configuration;

namespace Ampd.Tests;

/// <summary>Unit tests (no I/O) of the query servers' configuration: Amp's addresses and the engine's limits.</summary>
public sealed class QueryConfigTests
{
    private static readonly IDictionary NoEnvironment = new Hashtable();

    [Fact]
    public void Server_serves_Amps_ports_on_all_interfaces_and_solo_on_loopback()
    {
        var server = AmpConfig.Load(null, NoEnvironment);
        Assert.Equal((new IPEndPoint(IPAddress.Any, 1603), new IPEndPoint(IPAddress.Any, 1602)), (server.JsonlAddr, server.FlightAddr));
        var solo = AmpConfig.Load(null, NoEnvironment, AmpConfig.SoloDefaultAdminAddr);
        Assert.Equal((new IPEndPoint(IPAddress.Loopback, 1603), new IPEndPoint(IPAddress.Loopback, 1602)), (solo.JsonlAddr, solo.FlightAddr));
    }

    [Fact]
    public void Addresses_and_limits_come_from_the_environment()
    {
        var env = new Hashtable
        {
            ["AMP_CONFIG_JSONL_ADDR"] = "0.0.0.0:7603",
            ["AMP_CONFIG_FLIGHT_ADDR"] = "127.0.0.1:7602",
            ["AMP_CONFIG_QUERY__STATEMENT_TIMEOUT_SECS"] = "7",
            ["AMP_CONFIG_QUERY__MEMORY_LIMIT_MB"] = "64",
            ["AMP_CONFIG_QUERY__MAX_CONCURRENT"] = "3",
        };
        var config = AmpConfig.Load(null, env, AmpConfig.SoloDefaultAdminAddr);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 7603), config.JsonlAddr);
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 7602), config.FlightAddr);
        Assert.Equal((TimeSpan.FromSeconds(7), 64L * 1024 * 1024, 3), (config.Query.StatementTimeout, config.Query.MemoryLimitBytes, config.Query.MaxConcurrentQueries));
    }

    [Theory]
    [InlineData("AMP_CONFIG_JSONL_ADDR", "1603", "jsonl_addr")]
    [InlineData("AMP_CONFIG_FLIGHT_ADDR", "nowhere:1", "flight_addr")]
    [InlineData("AMP_CONFIG_QUERY__MEMORY_LIMIT_MB", "1", "query.memory_limit_mb")]
    [InlineData("AMP_CONFIG_QUERY__MAX_CONCURRENT", "0", "query.max_concurrent")]
    public void A_bad_value_names_its_key(string variable, string value, string key)
    {
        var error = Assert.Throws<ConfigException>(() => AmpConfig.Load(null, new Hashtable { [variable] = value }));
        Assert.StartsWith(key + " ", error.Message, StringComparison.Ordinal);
    }
}
