namespace Ampd.Tests;

/// <summary>
/// Config typos are caught: unknown keys in the file and in AMP_CONFIG_* variables warn with the nearest known key,
/// Amp keys we ignore get an info line, --strict-config / strict_config = true make them exit 2, a bad log level is
/// a usage error, and the global --config before the command works as in Amp.
/// </summary>
public sealed class ConfigCheckTests(MetadataDbFixture db) : IClassFixture<MetadataDbFixture>, IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("amp-config-check-").FullName;

    private string WriteConfig(string toml)
    {
        var path = Path.Combine(_dir, $"{Guid.NewGuid():N}.toml");
        File.WriteAllText(path, $"{toml}\n[metadata_db]\nurl = \"{db.Url}\"\n");
        return path;
    }

    private static Task<(int ExitCode, string Stdout, string Stderr)> MigrateAsync(IEnumerable<string> args, Dictionary<string, string?>? env = null) =>
        AmpProcess.RunAsync(Binaries.Ampd, args, env);

    [Fact]
    public async Task Misspelt_key_in_the_file_warns_naming_the_file_the_key_and_the_nearest_known_key()
    {
        var config = WriteConfig("[workers]\ninactive_treshold_secs = 10\n");
        var (code, _, stderr) = await MigrateAsync(["migrate", "--config", config]);

        Assert.True(code == 0, stderr);
        Assert.Contains($"warning: config file {config}: unknown key 'workers.inactive_treshold_secs' is ignored; did you mean workers.inactive_threshold_secs?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Misspelt_url_key_is_named_instead_of_only_no_database_configured()
    {
        var path = Path.Combine(_dir, "ulr.toml");
        File.WriteAllText(path, $"[metadata_db]\nulr = \"{db.Url}\"\n");
        var (code, _, stderr) = await MigrateAsync(["migrate", "--config", path, "--amp-dir", _dir]);

        Assert.Equal(2, code);
        Assert.Contains("unknown key 'metadata_db.ulr' is ignored; did you mean metadata_db.url?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_environment_variable_warns_naming_the_variable()
    {
        var (code, _, stderr) = await MigrateAsync(["migrate"], new() { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url, ["AMP_CONFIG_WORKERS__ACTIVE_TRESHOLD_SECS"] = "3" });

        Assert.True(code == 0, stderr);
        Assert.Contains("warning: environment variable AMP_CONFIG_WORKERS__ACTIVE_TRESHOLD_SECS: unknown key 'workers.active_treshold_secs' is ignored; did you mean workers.active_threshold_secs?", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amp_key_this_implementation_ignores_gets_one_info_line_and_no_warning()
    {
        var config = WriteConfig("microbatch_max_interval = 100000\n[worker_events]\nenabled = false\n");
        var (code, _, stderr) = await MigrateAsync(["migrate", "--config", config, "--strict-config"]);

        Assert.True(code == 0, stderr);
        Assert.Contains("info: config file " + config + ": 'microbatch_max_interval' is an Amp setting this implementation does not use; it is ignored", stderr, StringComparison.Ordinal);
        Assert.Contains("'worker_events.enabled' is an Amp setting", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("warning:", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_other_parts_of_the_project_read_are_known()
    {
        var tokenFile = Path.Combine(Path.GetTempPath(), $"amp-token-{Guid.NewGuid():N}");
        File.WriteAllText(tokenFile, "t0ken");
        var config = WriteConfig($"data_dir = \"/tmp/x\"\n[admin_api]\nauth_token_file = \"{tokenFile}\"\n[workers]\nfencing_grace_secs = 2\n[query]\nmax_concurrent = 4\n[writer]\ncompression = \"zstd\"\n");
        var (code, _, stderr) = await MigrateAsync(["migrate", "--config", config, "--strict-config"]);

        Assert.True(code == 0, stderr);
        Assert.DoesNotContain("warning:", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true, "")]
    [InlineData(false, "strict_config = true\n")]
    public async Task Strict_config_turns_unknown_keys_into_exit_2(bool flag, string toml)
    {
        var config = WriteConfig(toml + "[jobs]\nmax_atempts = 3\n");
        string[] args = flag ? ["migrate", "--config", config, "--strict-config"] : ["migrate", "--config", config];
        var (code, _, stderr) = await MigrateAsync(args);

        Assert.Equal(2, code);
        Assert.Contains("did you mean jobs.max_attempts?", stderr, StringComparison.Ordinal);
        Assert.Contains($"error: 1 unknown config key(s) (see the warnings above) and {(flag ? "--strict-config" : "strict_config = true")} is set", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("AMP_LOG_LEVEL", "verbose")]
    [InlineData("AMP_LOG", "loud")]
    public async Task Invalid_log_level_is_a_usage_error(string variable, string value)
    {
        var (code, _, stderr) = await MigrateAsync(["migrate"], new() { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url, [variable] = value });

        Assert.Equal(2, code);
        Assert.Contains($"{variable}='{value}'", stderr, StringComparison.Ordinal);
        Assert.Contains("trace, debug, info, warn, error", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Amps_AMP_LOG_sets_the_level()
    {
        var quiet = await MigrateAsync(["migrate"], new() { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url, ["AMP_LOG"] = "error" });
        var chatty = await MigrateAsync(["migrate"], new() { ["AMP_CONFIG_METADATA_DB__URL"] = db.Url, ["AMP_LOG"] = "info,amp=debug" });

        Assert.True(quiet.ExitCode == 0 && chatty.ExitCode == 0, quiet.Stderr + chatty.Stderr);
        Assert.DoesNotContain("info:", quiet.Stdout, StringComparison.Ordinal);
        Assert.Contains("dbug:", chatty.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Global_config_option_before_the_command_works_as_in_Amp()
    {
        var config = WriteConfig("[jobs]\nmax_atempts = 3\n");
        var (code, _, stderr) = await MigrateAsync(["--config", config, "--strict-config", "migrate"]);

        Assert.Equal(2, code); // the file was read (its typo found) and the flag applied
        Assert.Contains($"config file {config}: unknown key 'jobs.max_atempts'", stderr, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dir, recursive: true);
        }
        catch (IOException)
        {
            // left to the OS temp cleaner
        }
    }
}
