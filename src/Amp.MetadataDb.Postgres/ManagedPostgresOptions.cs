namespace Amp.MetadataDb.Postgres;

/// <summary>Where and how <see cref="ManagedPostgres"/> runs a private PostgreSQL server.</summary>
/// <param name="DataDirectory">Cluster directory; also holds the Unix socket. Made absolute.</param>
public sealed record ManagedPostgresOptions(string DataDirectory)
{
    /// <summary>
    /// Directory holding <c>initdb</c> and <c>postgres</c>. Default: the first PATH entry that has both,
    /// else the highest-versioned <c>/usr/lib/postgresql/*/bin</c>.
    /// </summary>
    public string? BinDirectory { get; init; }

    /// <summary>Extra server settings, passed as <c>-c key=value</c> after the built-in ones (so they win).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; init; } = new Dictionary<string, string>();

    /// <summary>How long to wait for the server to accept connections after it was started.</summary>
    public TimeSpan ReadyTimeout { get; init; } = TimeSpan.FromSeconds(30);
}
