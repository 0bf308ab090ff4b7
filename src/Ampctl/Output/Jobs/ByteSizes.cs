using System.Globalization;

namespace Ampctl.Output.Jobs;

/// <summary>Sizes as Amp prints them: <c>512 B</c>, then one decimal in 1024-based <c>KB</c>, <c>MB</c>, <c>GB</c>, <c>TB</c>.</summary>
internal static class ByteSizes
{
    private const long Kb = 1024;
    private const long Mb = Kb * 1024;
    private const long Gb = Mb * 1024;
    private const long Tb = Gb * 1024;

    public static string Format(long bytes) => bytes switch
    {
        >= Tb => Scaled(bytes, Tb, "TB"),
        >= Gb => Scaled(bytes, Gb, "GB"),
        >= Mb => Scaled(bytes, Mb, "MB"),
        >= Kb => Scaled(bytes, Kb, "KB"),
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    private static string Scaled(long bytes, long unit, string name) =>
        ((double)bytes / unit).ToString("0.0", CultureInfo.InvariantCulture) + " " + name;
}
