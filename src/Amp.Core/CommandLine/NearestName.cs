namespace Amp.Core.CommandLine;

/// <summary>"Did you mean …?": the candidate closest to a mistyped name by edit distance, when it is close enough.</summary>
public static class NearestName
{
    /// <summary>The closest candidate within <c>max(2, length/3)</c> edits of <paramref name="typed"/>, or null.</summary>
    public static string? Find(string typed, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(typed);
        ArgumentNullException.ThrowIfNull(candidates);
        var best = candidates.Select(c => (Name: c, Distance: Distance(typed, c))).OrderBy(c => c.Distance).FirstOrDefault();
        return best.Name is not null && best.Distance <= Limit(typed) ? best.Name : null;
    }

    /// <summary>How many edits still count as a typo of <paramref name="typed"/>.</summary>
    public static int Limit(string typed) => Math.Max(2, typed.Length / 3);

    /// <summary>Levenshtein distance, case-insensitive.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        a = a.ToLowerInvariant();
        b = b.ToLowerInvariant();
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
            previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return previous[b.Length];
    }
}
