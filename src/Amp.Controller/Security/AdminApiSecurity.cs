using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Amp.Controller.Security;

/// <summary>
/// The Admin API's trust settings. Amp's own model is a trusted network; these add what a single host needs:
/// an optional bearer token, and, when bound to loopback, a Host allow-list against DNS rebinding.
/// </summary>
public sealed class AdminApiSecurity
{
    private readonly byte[]? _tokenHash;

    private AdminApiSecurity(string? authToken, IReadOnlyList<string> allowedHosts, IPEndPoint? bound)
    {
        _tokenHash = authToken is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(authToken));
        AllowedHosts = allowedHosts;
        Bound = bound;
    }

    /// <summary>No token, no Host check: for tests and embedded use.</summary>
    public static AdminApiSecurity Open { get; } = new(null, [], null);

    public static AdminApiSecurity Create(string? authToken, IReadOnlyList<string> allowedHosts, IPEndPoint bound) =>
        new(string.IsNullOrEmpty(authToken) ? null : authToken, allowedHosts, bound);

    public bool RequiresToken => _tokenHash is not null;

    /// <summary>Extra host names a loopback-bound API accepts in the Host header (a reverse proxy's name).</summary>
    public IReadOnlyList<string> AllowedHosts { get; }

    /// <summary>The address the API listens on; null when unknown (no Host check).</summary>
    public IPEndPoint? Bound { get; }

    /// <summary>Compares a presented token with the configured one in constant time (hashes first, so lengths leak nothing).</summary>
    public bool TokenMatches(ReadOnlySpan<char> presented)
    {
        if (_tokenHash is null)
            return true;
        Span<byte> hash = stackalloc byte[32];
        var bytes = Encoding.UTF8.GetBytes(presented.ToArray());
        SHA256.HashData(bytes, hash);
        return CryptographicOperations.FixedTimeEquals(hash, _tokenHash);
    }

    /// <summary>
    /// Whether a Host header is acceptable. Only enforced when the API listens on loopback, where a name that is
    /// neither loopback nor allowed means a page of another site resolved its name to 127.0.0.1 (DNS rebinding).
    /// </summary>
    public bool HostAllowed(string host)
    {
        if (Bound is null || !IPAddress.IsLoopback(Bound.Address))
            return true;
        var name = HostName(host);
        if (name.Length == 0)
            return false;
        if (name.Equals("localhost", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase))
            return true;
        if (IPAddress.TryParse(name, out var ip) && IPAddress.IsLoopback(ip))
            return true;
        return AllowedHosts.Any(a => a.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    private static string HostName(string host)
    {
        if (host.StartsWith('['))
        {
            var close = host.IndexOf(']');
            return close > 0 ? host[1..close] : host;
        }
        var colon = host.LastIndexOf(':');
        return colon >= 0 ? host[..colon] : host;
    }
}
