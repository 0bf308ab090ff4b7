using System.Text.Json;
using Amp.Extraction.Evm;

namespace Amp.Extraction.Rpc;

/// <summary>
/// The answers to a list of calls, in call order (matched by id), and the documents they live in. Blocks made
/// from these answers hold the documents (<see cref="HoldAll"/>); disposing releases this object's own hold.
/// </summary>
internal sealed class RpcResponses(JsonElement[] results, RpcError?[] errors, List<JsonLease> leases) : IDisposable
{
    public int Count => results.Length;

    /// <summary>The call's result (JSON null when the node answered null); undefined when <see cref="Error"/> is set.</summary>
    public JsonElement Result(int index) => results[index];

    public RpcError? Error(int index) => errors[index];

    public JsonLease[] HoldAll() => leases.Select(l => l.Hold()).ToArray();

    public void Dispose()
    {
        foreach (var lease in leases)
            lease.Release();
        leases.Clear();
    }
}
