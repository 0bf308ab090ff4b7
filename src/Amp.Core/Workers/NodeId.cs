using System.Diagnostics.CodeAnalysis;

namespace Amp.Core.Workers;

/// <summary>
/// A validated worker node ID: <c>^[a-zA-Z][a-zA-Z0-9_\-\.]*$</c>, ASCII only, 1 to 255 characters.
/// Parse raw input once at the edge (CLI, API path, config) and pass this type inside.
/// </summary>
public readonly record struct NodeId
{
    public const int MaxLength = 255;
    public const string Pattern = @"^[a-zA-Z][a-zA-Z0-9_\-\.]*$";

    private readonly string? _value;

    private NodeId(string value) => _value = value;

    public string Value => _value ?? throw new InvalidOperationException("default(NodeId) has no value");

    public static bool TryParse(string? raw, out NodeId nodeId, [NotNullWhen(false)] out string? error)
    {
        nodeId = default;
        error = Validate(raw);
        if (error is not null)
            return false;
        nodeId = new NodeId(raw!);
        return true;
    }

    /// <summary>Parses a value known to be valid (e.g. read back from the database); throws otherwise.</summary>
    public static NodeId Parse(string raw) =>
        TryParse(raw, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>
    /// Wraps a node ID read back from the metadata database, which only ever stores validated IDs.
    /// Rows written by other tools are accepted as they are rather than failing a whole listing.
    /// </summary>
    public static NodeId FromTrusted(string value) =>
        string.IsNullOrEmpty(value) ? throw new ArgumentException("a node ID is never empty", nameof(value)) : new NodeId(value);

    private static string? Validate(string? raw)
    {
        if (string.IsNullOrEmpty(raw))
            return "Invalid worker ID '': must not be empty";
        if (raw.Length > MaxLength)
            return $"Invalid worker ID '{Shorten(raw)}': must be at most {MaxLength} characters (got {raw.Length})";
        if (!IsAsciiLetter(raw[0]))
            return $"Invalid worker ID '{Shorten(raw)}': must start with an ASCII letter (a-z, A-Z), not {Describe(raw[0])}";
        for (var i = 1; i < raw.Length; i++)
        {
            var c = raw[i];
            if (!(IsAsciiLetter(c) || char.IsAsciiDigit(c) || c is '_' or '-' or '.'))
                return $"Invalid worker ID '{Shorten(raw)}': invalid character {Describe(c)} at position {i + 1}; only ASCII letters, digits, '_', '-' and '.' are allowed";
        }
        return null;
    }

    private static bool IsAsciiLetter(char c) => char.IsAsciiLetter(c);

    private static string Describe(char c) =>
        c switch
        {
            ' ' => "' ' (space)",
            _ when char.IsControl(c) => $"U+{(int)c:X4} (control character)",
            _ when c > 127 => $"'{c}' (U+{(int)c:X4}, not ASCII)",
            _ => $"'{c}'",
        };

    private static string Shorten(string raw) => raw.Length <= 64 ? raw : raw[..61] + "...";

    public override string ToString() => Value;
}
