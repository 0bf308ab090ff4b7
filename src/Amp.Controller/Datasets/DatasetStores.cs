using Amp.Core.Storage;

namespace Amp.Controller.Datasets;

/// <summary>The object stores of the registry: manifests by hash, providers by name, extracted data.</summary>
public sealed record DatasetStores(IObjectStore Manifests, IObjectStore Providers, IObjectStore Data)
{
    public static DatasetStores Local(StorageDirectories dirs) =>
        new(new LocalObjectStore(dirs.ManifestsDir), new LocalObjectStore(dirs.ProvidersDir), new LocalObjectStore(dirs.DataDir));
}
