using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Amp.Core.Jobs;

/// <summary>
/// Where a raw extraction stops (Amp's <c>EndBlock</c>, a JSON string on the wire): <c>"latest"</c> = the chain head
/// when the job starts, <c>"N"</c> = block N, <c>"-N"</c> = head − N at start. No end block (null) = run continuously.
/// </summary>
public abstract record EndBlock
{
    public const string Rule = "end_block is a string: \"latest\", a block number such as \"1000000\", or \"-N\" for N blocks behind the head at start (leave it out or null to run continuously)";

    private EndBlock() { }

    public sealed record Latest : EndBlock { public override string ToString() => "latest"; }
    public sealed record Absolute(ulong Block) : EndBlock { public override string ToString() => Block.ToString(CultureInfo.InvariantCulture); }
    public sealed record BehindHead(ulong Blocks) : EndBlock { public override string ToString() => "-" + Blocks.ToString(CultureInfo.InvariantCulture); }

    public static bool TryParse(string? raw, [NotNullWhen(true)] out EndBlock? endBlock, [NotNullWhen(false)] out string? error)
    {
        endBlock = null;
        error = null;
        if (raw == "latest")
        {
            endBlock = new Latest();
            return true;
        }
        var negative = raw is ['-', _, ..];
        var digits = negative ? raw![1..] : raw;
        if (digits is { Length: > 0 } && digits.All(char.IsAsciiDigit)
            && ulong.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n <= long.MaxValue)
        {
            endBlock = negative ? new BehindHead(n) : new Absolute(n);
            return true;
        }
        error = $"invalid end_block '{(raw is { Length: > 40 } ? raw[..37] + "..." : raw)}': {Rule}";
        return false;
    }
}
