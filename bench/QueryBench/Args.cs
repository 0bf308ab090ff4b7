using System.Globalization;

namespace Amp.Bench.Query;

internal sealed record Args(string Ampd, string Ampctl, int Blocks, int Runs, string? Out)
{
    public static Args Parse(string[] args)
    {
        string? ampd = null, ampctl = null, output = null;
        int blocks = 2000, runs = 5;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value");
            switch (args[i])
            {
                case "--ampd": ampd = value; break;
                case "--ampctl": ampctl = value; break;
                case "--blocks": blocks = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--runs": runs = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--out": output = value; break;
                default: throw new ArgumentException($"unknown argument {args[i]}; usage: query-bench --ampd PATH --ampctl PATH [--blocks N] [--runs N] [--out FILE]");
            }
            i++;
        }
        return new Args(ampd ?? throw new ArgumentException("--ampd is required"), ampctl ?? throw new ArgumentException("--ampctl is required"), blocks, runs, output);
    }
}
