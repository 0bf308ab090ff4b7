using System.Text;
using Amp.Core.Storage;
using Amp.Datasets.Identity;

namespace Amp.Datasets.Providers;

/// <summary>The outcome of choosing a provider for a dataset's network.</summary>
public abstract record ProviderChoice
{
    private ProviderChoice() { }
    public sealed record Found(EvmRpcProvider Provider) : ProviderChoice;
    /// <summary>No provider of that kind and network, or none that resolved; the message names the network and what exists.</summary>
    public sealed record None(string Message) : ProviderChoice;
}

/// <summary>
/// Providers in <c>providers_dir</c>, one <c>&lt;name&gt;.toml</c> each. Files are read on every call, so edits on disk
/// are seen at once (Amp caches them until restart).
/// </summary>
public sealed class ProviderStore(IObjectStore store)
{
    private const string Extension = ".toml";

    public async Task<IReadOnlyList<ProviderDocument>> ListAsync(CancellationToken ct)
    {
        var list = new List<ProviderDocument>();
        await foreach (var obj in store.ListAsync("", ct).ConfigureAwait(false))
        {
            if (obj.Path.Contains('/', StringComparison.Ordinal) || !obj.Path.EndsWith(Extension, StringComparison.Ordinal))
                continue;
            if (ProviderName.TryParse(obj.Path[..^Extension.Length], out var name, out _)
                && await GetAsync(name, ct).ConfigureAwait(false) is { Document: { } doc })
                list.Add(doc);
        }
        return list.OrderBy(d => d.Name.Value, StringComparer.Ordinal).ToList();
    }

    /// <summary>The provider, null when absent; an error when its file is not a valid provider.</summary>
    public async Task<(ProviderDocument? Document, string? Error)> GetAsync(ProviderName name, CancellationToken ct)
    {
        var bytes = await store.ReadAllBytesAsync(name.Value + Extension, ct).ConfigureAwait(false);
        if (bytes is null)
            return (null, null);
        if (!ProviderToml.TryRead(Encoding.UTF8.GetString(bytes), out var values, out var error)
            || !ProviderDocument.TryCreate(name, values, out var document, out error))
            return (null, $"the file {store.UrlOf(name.Value + Extension)} is not a valid provider: {error}");
        return (document, null);
    }

    public Task PutAsync(ProviderDocument document, CancellationToken ct) =>
        store.WriteAllBytesAsync(document.Name.Value + Extension, Encoding.UTF8.GetBytes(ProviderToml.Write(document)), ct);

    public Task<bool> DeleteAsync(ProviderName name, CancellationToken ct) => store.DeleteAsync(name.Value + Extension, ct);

    /// <summary>
    /// Amp's choice: every provider of the kind and network, shuffled, the first whose placeholders resolve.
    /// </summary>
    public async Task<ProviderChoice> ChooseAsync(string kind, string network, Func<string, string?> environment, Random random, CancellationToken ct)
    {
        var all = await ListAsync(ct).ConfigureAwait(false);
        var candidates = all.Where(p => p.Kind == kind && p.Network == network).ToArray();
        random.Shuffle(candidates);
        var problems = new List<string>();
        foreach (var candidate in candidates)
        {
            if (candidate.TryResolve(environment, out var provider, out var error))
                return new ProviderChoice.Found(provider!);
            problems.Add(error!);
        }
        if (problems.Count > 0)
            return new ProviderChoice.None($"no {kind} provider for network '{network}' could be loaded: {string.Join("; ", problems)}");
        var networks = all.Where(p => p.Kind == kind).Select(p => $"'{p.Network}'").Distinct().ToList();
        return new ProviderChoice.None($"no {kind} provider is registered for network '{network}'"
            + (networks.Count > 0 ? $" (providers exist for {string.Join(", ", networks)})" : "")
            + $"; register one with 'ampctl provider register NAME FILE.toml' where the file has network = \"{network}\"");
    }

    /// <summary>True when some provider of the kind is registered for the network (placeholders not resolved).</summary>
    public async Task<bool> ExistsForAsync(string kind, string network, CancellationToken ct) =>
        (await ListAsync(ct).ConfigureAwait(false)).Any(p => p.Kind == kind && p.Network == network);
}
