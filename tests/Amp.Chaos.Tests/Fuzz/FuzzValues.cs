using System.Text;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>Odd values for every kind of input the Admin API takes, drawn from a seeded <see cref="Random"/>.</summary>
public sealed class FuzzValues(Random random, string liveNodeId)
{
    // Path segments as they go on the wire: some plain, some percent-encoded in ways a decoder may trip over.
    private static readonly string[] EncodedSegments =
    [
        "", "%20", "a%20b", "%00", "a%00b", "%FF", "%C0%AF", "%ED%A0%80", "%E2%80%AE", "%F0%9F%98%80", "%C3%A4",
        "%2F", "a%2Fb", "%2e%2e", "%2E%2E%2F%2E%2E", "..%2F..%2Fetc%2Fpasswd", "%25", "%25%32%46", "%", "%G1", "a%2",
        "%0D%0AX-Injected:%201", "%3Cscript%3E", "a'%20OR%20'1'%3D'1", "%22", "%5C", "~", "-", "_", ".a", "a.", "null",
        "undefined", "NaN", "drain", "incarnations", "events", "%E6%97%A5%E6%9C%AC", "%EF%BC%91", "%D9%A1%D9%A2",
    ];

    private static readonly string[] JobIds =
    [
        "0", "-1", "+1", "01", "00000000000000000001", "9223372036854775807", "9223372036854775808", "-9223372036854775808",
        "99999999999999999999999999999999", "1e3", "1.0", "0x10", "%201", "1%20", "NaN", "Infinity", "abc", "1;2", "1,2",
        "%EF%BC%91", "%D9%A1", "1%00", "-0", "2147483648", "4294967296", "%2B5",
    ];

    private static readonly string[] Numbers =
    [
        "-1", "-0", "0.5", "1.0", "1e3", "1E+400", "-1e400", "1e-400", "86401", "2147483648", "9223372036854775808",
        "123456789012345678901234567890", "\"5\"", "null", "true", "[]", "{}", "NaN", "Infinity", "0x10", "01", "+1", ".5", "5.",
    ];

    private static readonly string[] Texts =
    [
        "", " ", "a b", "ä", "日本", "😀", "\\u0000", "a\\u0000b", "\\ud800", "\\udfff\\ud800", "\\n", "\\\"", "*", "**", "a*",
        "a**", "zz-no-such*", "1abc*", "fuzz*", "a'; DROP TABLE workers;--", "<script>", "../../etc/passwd", "%2F", "\\u202e",
    ];

    private static readonly string[] ContentTypes =
    [
        "application/json", "application/json; charset=utf-8", "APPLICATION/JSON", "application/json; charset=utf-16",
        "application/json; charset=bogus", "text/plain", "text/json", "application/problem+json", "application/*", "*/*",
        "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "", ";;;", "application/json;;", "json",
    ];

    public Random Random => random;

    /// <summary>The fleet's only worker: read routes may name it, mutating ones never do.</summary>
    public string LiveNodeId => liveNodeId;

    public T Pick<T>(IReadOnlyList<T> from) => from[random.Next(from.Count)];

    public bool Chance(int percent) => random.Next(100) < percent;

    public string ContentType() => Pick(ContentTypes);

    /// <summary>A node ID that is valid but never registered.</summary>
    public string UnknownNodeId()
    {
        const string first = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
        const string rest = first + "0123456789_-.";
        var length = Chance(5) ? 255 : random.Next(1, 24);
        var sb = new StringBuilder("x").Append(first[random.Next(first.Length)]);
        while (sb.Length < length)
            sb.Append(rest[random.Next(rest.Length)]);
        return sb.ToString(0, Math.Max(2, length));
    }

    /// <summary>A node ID path segment as sent: odd, encoded, too long, unknown, or (for reads only) the live worker.</summary>
    public string NodeSegment(bool mayBeLive)
    {
        switch (random.Next(12))
        {
            case 0: return mayBeLive ? liveNodeId : UnknownNodeId();
            case 1: return Uri.EscapeDataString(liveNodeId.ToUpperInvariant());
            case 2: return new string('a', random.Next(256, 4000));
            case 3: return Uri.EscapeDataString(RandomUnicode(random.Next(1, 40)));
            case 4: return "1" + UnknownNodeId();
            case 5:
            case 6: return UnknownNodeId();
            default: return Pick(EncodedSegments);
        }
    }

    /// <summary>A job ID path segment or query value as sent.</summary>
    public string JobIdText() => random.Next(5) switch
    {
        0 => random.Next(1, 60).ToString(System.Globalization.CultureInfo.InvariantCulture),
        1 => random.NextInt64(1, long.MaxValue).ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => Pick(EncodedSegments),
        _ => Pick(JobIds),
    };

    /// <summary>A JSON number-ish literal that is not a valid small whole number.</summary>
    public string OddNumber() => Pick(Numbers);

    /// <summary>A JSON string literal with odd content (escapes kept as JSON escapes).</summary>
    public string OddString() => Chance(10) ? $"\"{new string('x', random.Next(257, 5000))}\"" : $"\"{Pick(Texts)}\"";

    /// <summary>Any JSON value of any shape.</summary>
    public string AnyJson(int depth = 0) => random.Next(depth > 2 ? 4 : 7) switch
    {
        0 => OddNumber(),
        1 => OddString(),
        2 => Pick(["null", "true", "false", "0", "1"]),
        3 => "\"sleep\"",
        4 => $"[{AnyJson(depth + 1)}]",
        5 => $"{{\"kind\":{AnyJson(depth + 1)}}}",
        _ => $"{{{OddString()}:{AnyJson(depth + 1)}}}",
    };

    public string RandomUnicode(int length)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < length; i++)
        {
            var c = random.Next(6) switch
            {
                0 => (char)random.Next(0x20, 0x7F),
                1 => (char)random.Next(0xA0, 0x2FF),
                2 => (char)random.Next(0x4E00, 0x9FFF),
                3 => (char)random.Next(0x1, 0x1F),
                4 => (char)random.Next(0x2000, 0x206F),
                _ => (char)random.Next(0x0600, 0x06FF),
            };
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <summary>A query value: odd text percent-encoded, huge, or one of the encoded oddities.</summary>
    public string QueryValue() => random.Next(6) switch
    {
        0 => Uri.EscapeDataString(RandomUnicode(random.Next(0, 20))),
        1 => new string('9', random.Next(20, 3000)),
        2 => Pick(EncodedSegments),
        3 => Pick(JobIds),
        4 => Pick(["active", "ACTIVE", "all", "terminal", "stalled", "inactive", "true", "TRUE", "yes", "1", "0", "completed,ERROR,,", " all ", "RUNNING%2CSCHEDULED", "bogus"]),
        _ => OddNumber().Trim('"'),
    };
}
