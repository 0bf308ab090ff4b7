using System.Collections;
using System.Net;
using Amp.Core.CommandLine;
using Ampd.Configuration;

namespace Ampd.Tests;

/// <summary>Unit tests (no I/O) of the configuration defaults, the nearest-key hint and global-option hoisting.</summary>
public sealed class ConfigDefaultsTests
{
    private static readonly IDictionary NoEnvironment = new Hashtable();

    [Fact]
    public void Solo_binds_loopback_by_default_and_controller_all_interfaces()
    {
        Assert.Equal(new IPEndPoint(IPAddress.Loopback, 1610), AmpConfig.Load(null, NoEnvironment, AmpConfig.SoloDefaultAdminAddr).AdminApiAddr);
        Assert.Equal(new IPEndPoint(IPAddress.Any, 1610), AmpConfig.Load(null, NoEnvironment).AdminApiAddr);
    }

    [Fact]
    public void Configured_address_wins_over_the_solo_default()
    {
        var env = new Hashtable { ["AMP_CONFIG_ADMIN_API_ADDR"] = "0.0.0.0:1700" };
        Assert.Equal(new IPEndPoint(IPAddress.Any, 1700), AmpConfig.Load(null, env, AmpConfig.SoloDefaultAdminAddr).AdminApiAddr);
    }

    [Fact]
    public void Dashboard_queries_the_local_jsonl_server_and_refreshes_at_the_heartbeat_interval_by_default()
    {
        var config = AmpConfig.Load(null, NoEnvironment);
        var options = config.ToControllerOptions(config.AdminApiAddr, Amp.Controller.StorageDirectories.Under("/tmp/amp"));
        Assert.Equal(new Uri("http://127.0.0.1:1603/"), options.Dashboard.QueryServerUrl);
        Assert.Equal(TimeSpan.FromSeconds(1), options.Dashboard.RefreshInterval);

        var env = new Hashtable { ["AMP_CONFIG_DASHBOARD__QUERY_URL"] = "http://query.internal:8603", ["AMP_CONFIG_WORKERS__HEARTBEAT_INTERVAL_SECS"] = "0.5" };
        var configured = AmpConfig.Load(null, env);
        options = configured.ToControllerOptions(configured.AdminApiAddr, Amp.Controller.StorageDirectories.Under("/tmp/amp"));
        Assert.Equal(new Uri("http://query.internal:8603/"), options.Dashboard.QueryServerUrl);
        Assert.Equal(TimeSpan.FromMilliseconds(500), options.Dashboard.RefreshInterval);
        Assert.Empty(configured.Notices);
    }

    [Theory]
    [InlineData("127.0.0.1:1603")]
    [InlineData("ftp://127.0.0.1:1603")]
    public void Dashboard_query_url_must_be_an_http_url(string value)
    {
        var ex = Assert.Throws<ConfigException>(() => AmpConfig.Load(null, new Hashtable { ["AMP_CONFIG_DASHBOARD__QUERY_URL"] = value }));
        Assert.Contains("dashboard.query_url", ex.Message, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:1603", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("inactive_treshold_secs", "workers.inactive_threshold_secs")]
    [InlineData("metadata_db.ulr", "metadata_db.url")]
    [InlineData("admin_api_adr", "admin_api_addr")]
    [InlineData("jobs.max_atempts", "jobs.max_attempts")]
    [InlineData("completely_unrelated_setting", null)]
    public void Nearest_known_key_is_suggested_only_when_close(string key, string? expected) =>
        Assert.Equal(expected, ConfigKeyCheck.Nearest(key));

    [Theory]
    [InlineData("--config f.toml worker --node-id w", "worker --node-id w --config f.toml")]
    [InlineData("--config=f.toml --strict-config solo", "solo --config=f.toml --strict-config")]
    [InlineData("worker --config f.toml", "worker --config f.toml")]
    [InlineData("--admin-url http://x worker list -- a", "worker list --admin-url http://x -- a")]
    public void Options_before_the_command_move_behind_it(string input, string expected)
    {
        var hoisted = LeadingOptions.Hoist(input.Split(' '),
            new HashSet<string> { "--config", "--admin-url" }, new HashSet<string> { "--strict-config" });
        Assert.Equal(expected, string.Join(' ', hoisted));
    }
}
