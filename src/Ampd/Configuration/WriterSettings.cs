using System.Globalization;
using Amp.DataStore.Parquet.Writing;

namespace Ampd.Configuration;

/// <summary>
/// Amp's <c>[writer]</c> settings this implementation reads: <c>segment_flush_interval_secs</c> (a file with rows is
/// committed once it has been open this long) and <c>bytes</c> (a file is committed once it is this large). The other
/// <c>[writer]</c> keys are Amp's and ignored.
/// </summary>
public static class WriterSettings
{
    public const string FlushIntervalKey = "writer.segment_flush_interval_secs";
    public const string BytesKey = "writer.bytes";

    /// <summary>The rotation policy the worker's (or solo's) extraction jobs use; Amp's defaults for keys not set.</summary>
    public static RotationPolicy RotationOf(ConfigSource src)
    {
        var defaults = RotationPolicy.Default;
        var flushSecs = src.GetNumber(FlushIntervalKey) ?? defaults.FlushInterval.TotalSeconds;
        if (double.IsNaN(flushSecs) || flushSecs <= 0 || flushSecs > 86_400)
            throw new ConfigException($"{FlushIntervalKey} (from {src.OriginOf(FlushIntervalKey)}) must be a number of seconds above 0 and at most 86400 (Amp's default is 600), got {Show(flushSecs)}");

        var bytes = src.GetNumber(BytesKey) ?? defaults.MaxFileBytes;
        if (double.IsNaN(bytes) || bytes < 1 || bytes != Math.Floor(bytes) || bytes > long.MaxValue / 2)
            throw new ConfigException($"{BytesKey} (from {src.OriginOf(BytesKey)}) must be a whole number of bytes of at least 1 (Amp's default is 2147483648, 2 GiB), got {Show(bytes)}");

        return new RotationPolicy((long)bytes, TimeSpan.FromSeconds(flushSecs));
    }

    private static string Show(double value) => value.ToString(CultureInfo.InvariantCulture);
}
