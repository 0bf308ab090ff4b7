using System.Text;

namespace Amp.Datasets.Providers;

/// <summary>
/// Amp's <c>${NAME}</c> placeholders in provider string values: NAME is everything up to the first <c>}</c> and may not
/// be empty; there are no defaults and no <c>$NAME</c> form; a <c>$</c> not followed by <c>{</c> stays as it is.
/// Applied when a provider is loaded for a job, never when it is stored or shown.
/// </summary>
public static class EnvSubstitution
{
    public static bool HasPlaceholder(string value) => value.Contains("${", StringComparison.Ordinal);

    /// <summary>Null when the placeholders in <paramref name="value"/> are well formed, else why not.</summary>
    public static string? CheckSyntax(string value) => Substitute(value, _ => "", out _);

    /// <summary>Replaces every placeholder; returns null and the problem when one is malformed or unset.</summary>
    public static string? Substitute(string value, Func<string, string?> lookup, out string result)
    {
        var sb = new StringBuilder(value.Length);
        result = value;
        var i = 0;
        while (i < value.Length)
        {
            var start = value.IndexOf("${", i, StringComparison.Ordinal);
            if (start < 0)
            {
                sb.Append(value, i, value.Length - i);
                break;
            }
            sb.Append(value, i, start - i);
            var end = value.IndexOf('}', start + 2);
            if (end < 0)
                return $"unclosed placeholder '{value[start..]}': write ${{NAME}}";
            var name = value[(start + 2)..end];
            if (name.Length == 0)
                return "empty placeholder '${}': write ${NAME} with the environment variable's name";
            var replacement = lookup(name);
            if (replacement is null)
                return $"environment variable '{name}' is not set (used as ${{{name}}})";
            sb.Append(replacement);
            i = end + 1;
        }
        result = sb.ToString();
        return null;
    }
}
