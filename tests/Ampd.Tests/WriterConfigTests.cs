using System.Collections;
using Amp.DataStore.Parquet.Writing;
using Ampd.Configuration;

namespace Ampd.Tests;

/// <summary>Unit tests of Amp's <c>[writer]</c> settings this implementation reads: the segment flush interval and size.</summary>
public sealed class WriterConfigTests
{
    private static readonly IDictionary NoEnvironment = new Hashtable();

    [Fact]
    public void Without_writer_keys_files_rotate_at_Amps_2_GiB_and_600_seconds()
    {
        var rotation = AmpConfig.Load(null, NoEnvironment).WriterRotation;

        Assert.Equal((2L * 1024 * 1024 * 1024, TimeSpan.FromSeconds(600)), (rotation.MaxFileBytes, rotation.FlushInterval));
    }

    [Fact]
    public void The_writer_table_of_the_config_file_sets_flush_interval_and_size()
    {
        var config = LoadFile("[writer]\nsegment_flush_interval_secs = 1.5\nbytes = 1048576\ncompression = \"zstd(1)\"\n");

        Assert.Equal((1048576L, TimeSpan.FromSeconds(1.5)), (config.WriterRotation.MaxFileBytes, config.WriterRotation.FlushInterval));
        Assert.DoesNotContain(config.Notices, n => n.Text.Contains("writer.segment_flush_interval_secs", StringComparison.Ordinal) || n.Text.Contains("writer.bytes", StringComparison.Ordinal));
        Assert.Contains(config.Notices, n => !n.IsWarning && n.Text.Contains("'writer.compression' is an Amp setting this implementation does not use", StringComparison.Ordinal));
    }

    [Fact]
    public void A_typo_of_a_writer_key_read_here_is_a_warning_with_the_key_it_meant()
    {
        var config = LoadFile("[writer]\nsegment_flush_interval = 1\n");

        Assert.Contains(config.Notices, n => n.IsWarning && n.Text.Contains("unknown key 'writer.segment_flush_interval' is ignored; did you mean writer.segment_flush_interval_secs?", StringComparison.Ordinal));
        Assert.Equal(TimeSpan.FromSeconds(600), config.WriterRotation.FlushInterval);
    }

    [Fact]
    public void Environment_variables_win_over_the_file()
    {
        var env = new Hashtable
        {
            ["AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS"] = "1",
            ["AMP_CONFIG_WRITER__BYTES"] = "65536",
        };

        var rotation = AmpConfig.Load(null, env).WriterRotation;

        Assert.Equal((65536L, TimeSpan.FromSeconds(1)), (rotation.MaxFileBytes, rotation.FlushInterval));
    }

    [Theory]
    [InlineData("AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS", "0", "writer.segment_flush_interval_secs")]
    [InlineData("AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS", "-5", "writer.segment_flush_interval_secs")]
    [InlineData("AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS", "86401", "writer.segment_flush_interval_secs")]
    [InlineData("AMP_CONFIG_WRITER__SEGMENT_FLUSH_INTERVAL_SECS", "soon", "writer.segment_flush_interval_secs")]
    [InlineData("AMP_CONFIG_WRITER__BYTES", "0", "writer.bytes")]
    [InlineData("AMP_CONFIG_WRITER__BYTES", "-1", "writer.bytes")]
    [InlineData("AMP_CONFIG_WRITER__BYTES", "1.5", "writer.bytes")]
    [InlineData("AMP_CONFIG_WRITER__BYTES", "2GiB", "writer.bytes")]
    public void A_value_that_is_not_positive_names_its_key_and_where_it_came_from(string variable, string value, string key)
    {
        var error = Assert.Throws<ConfigException>(() => AmpConfig.Load(null, new Hashtable { [variable] = value }));

        Assert.StartsWith($"{key} (from environment variable {variable}) must be", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The configuration a file holding <paramref name="toml"/> gives, the file removed afterwards.</summary>
    private static AmpConfig LoadFile(string toml)
    {
        var file = Path.Combine(Path.GetTempPath(), $"amp-writer-{Guid.NewGuid():N}.toml");
        File.WriteAllText(file, toml);
        try
        {
            return AmpConfig.Load(file, NoEnvironment);
        }
        finally
        {
            File.Delete(file);
        }
    }
}
