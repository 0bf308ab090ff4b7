using System.Text.Json;
using Amp.Controller.Datasets;
using Amp.Controller.Errors;
using Amp.Datasets.Identity;
using Amp.Datasets.Manifests;
using Amp.MetadataDb.Datasets;

namespace Amp.Controller.Manifests;

/// <summary>
/// Takes a manifest in: parse and validate, canonicalise, hash, store the bytes as <c>manifests_dir/&lt;hash&gt;</c>
/// and record the <c>manifest_files</c> row. Shared by <c>POST /manifests</c> and <c>POST /datasets</c>.
/// </summary>
public sealed partial class ManifestIntake(DatasetStores stores, ManifestFileRepository files, ILogger<ManifestIntake> logger)
{
    /// <summary>The stored manifest's hash and model, or the error to answer with.</summary>
    public async Task<(ManifestHash Hash, RawManifest? Manifest, ApiError? Error)> StoreAsync(JsonElement content, CancellationToken ct)
    {
        if (!RawManifest.TryParse(content, out var manifest, out var error))
        {
            var code = error!.Kind == ManifestErrorKind.UnsupportedKind ? ErrorCodes.UnsupportedDatasetKind : ErrorCodes.InvalidManifest;
            return (default, null, new ApiError(code, error.Message));
        }
        var bytes = manifest!.ToCanonicalBytes();
        var hash = ManifestHash.Of(bytes);
        await stores.Manifests.WriteAllBytesAsync(hash.Value, bytes, ct).ConfigureAwait(false);
        await files.InsertAsync(hash, hash.Value, manifest.Kind, ct).ConfigureAwait(false);
        Stored(logger, hash.Value, manifest.Network);
        return (hash, manifest, null);
    }

    /// <summary>Reads a stored manifest back; null when its object is missing or unreadable.</summary>
    public async Task<(byte[] Bytes, RawManifest Manifest)?> LoadAsync(ManifestHash hash, CancellationToken ct)
    {
        var bytes = await stores.Manifests.ReadAllBytesAsync(hash.Value, ct).ConfigureAwait(false);
        if (bytes is null || !RawManifest.TryParse(bytes, out var manifest, out _))
            return null;
        return (bytes, manifest!);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Manifest {manifest_hash} stored (network {network})")]
    private static partial void Stored(ILogger logger, string manifest_hash, string network);
}
