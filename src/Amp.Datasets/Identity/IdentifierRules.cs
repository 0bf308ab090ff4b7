namespace Amp.Datasets.Identity;

/// <summary>The character rules shared by namespaces, dataset names, provider names and table names.</summary>
internal static class IdentifierRules
{
    /// <summary>Null when <paramref name="raw"/> is valid, else a message naming the rule and the first bad character.</summary>
    public static string? Check(string what, string? raw, Func<char, bool> first, Func<char, bool> rest, string rule, int maxLength = int.MaxValue)
    {
        if (string.IsNullOrEmpty(raw))
            return $"invalid {what} '': must not be empty ({rule})";
        if (raw.Length > maxLength)
            return $"invalid {what} '{Shorten(raw)}': at most {maxLength} characters ({rule})";
        for (var i = 0; i < raw.Length; i++)
        {
            if (!(i == 0 ? first(raw[i]) : rest(raw[i])))
                return $"invalid {what} '{Shorten(raw)}': character {Describe(raw[i])} at position {i + 1} is not allowed ({rule})";
        }
        return null;
    }

    public static bool LowerOrUnderscore(char c) => c is (>= 'a' and <= 'z') or '_';
    public static bool LowerDigitOrUnderscore(char c) => LowerOrUnderscore(c) || char.IsAsciiDigit(c);

    public static string Shorten(string raw) => raw.Length <= 64 ? raw : raw[..61] + "...";

    private static string Describe(char c) => c switch
    {
        ' ' => "' ' (space)",
        _ when char.IsControl(c) => $"U+{(int)c:X4}",
        _ => $"'{c}'",
    };
}
