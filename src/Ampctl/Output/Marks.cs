namespace Ampctl.Output;

/// <summary>The <c>✓</c>, <c>✗</c> and <c>⚠</c> that start result lines; green, red and yellow on a colour terminal.</summary>
internal static class Marks
{
    public static string Ok(bool colour) => Paint("✓", 32, colour);

    public static string Fail(bool colour) => Paint("✗", 91, colour);

    public static string Warn(bool colour) => Paint("⚠", 93, colour);

    /// <summary><c>✓</c> when <paramref name="ok"/>, else <c>✗</c>.</summary>
    public static string For(bool ok, bool colour) => ok ? Ok(colour) : Fail(colour);

    private static string Paint(string mark, int sgr, bool colour) => colour ? $"\u001b[{sgr}m{mark}\u001b[0m" : mark;
}
