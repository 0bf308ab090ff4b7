using Amp.Controller;

namespace Ampd.Hosting;

/// <summary>Creates the storage directories before the host starts, so a bad path fails start-up with the path in the message.</summary>
internal static class StorageSetup
{
    public static void Create(StorageDirectories storage)
    {
        foreach (var (key, dir) in new[] { ("data_dir", storage.DataDir), ("providers_dir", storage.ProvidersDir), ("manifests_dir", storage.ManifestsDir) })
        {
            try
            {
                Directory.CreateDirectory(dir);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new IOException($"cannot create {key} '{dir}': {ex.Message}; set {key} in the config file or AMP_CONFIG_{key.ToUpperInvariant()} to a writable directory", ex);
            }
        }
    }
}
