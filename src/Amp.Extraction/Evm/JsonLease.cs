using System.Text.Json;

namespace Amp.Extraction.Evm;

/// <summary>
/// A JSON-RPC response document shared by the blocks parsed out of it (a batch answers many blocks);
/// its pooled memory goes back when the last block holding it is disposed.
/// </summary>
public sealed class JsonLease
{
    private readonly JsonDocument _document;
    private int _holders = 1;

    public JsonLease(JsonDocument document) => _document = document;

    public JsonElement Root => _document.RootElement;

    public JsonLease Hold()
    {
        if (Interlocked.Increment(ref _holders) <= 1)
            throw new ObjectDisposedException(nameof(JsonLease));
        return this;
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _holders) == 0)
            _document.Dispose();
    }
}
