using System.Globalization;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>Reads samples from the Prometheus text format that <c>/metrics</c> serves.</summary>
public static class PrometheusText
{
    /// <summary>
    /// Every sample as a map from the series exactly as written (<c>amp_workers{status="active"}</c>) to its
    /// value; comment lines are skipped.
    /// </summary>
    public static Dictionary<string, double> Samples(string body)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in body.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line.StartsWith('#'))
                continue;
            var cut = line.LastIndexOf(' ');
            Assert.True(cut > 0, $"not a sample line: '{line}'");
            samples[line[..cut]] = line[(cut + 1)..] switch
            {
                "+Inf" => double.PositiveInfinity,
                "-Inf" => double.NegativeInfinity,
                var number => double.Parse(number, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }
        return samples;
    }

    /// <summary>The value of one series, which must be present.</summary>
    public static double Value(this Dictionary<string, double> samples, string series)
    {
        Assert.True(samples.TryGetValue(series, out var value), $"/metrics has no series {series}");
        return value;
    }
}
