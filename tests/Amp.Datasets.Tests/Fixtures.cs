namespace Amp.Datasets.Tests;

/// <summary>Amp's own manifest and provider files, committed beside the references.</summary>
internal static class Fixtures
{
    public static readonly string Root = Path.Combine(AppContext.BaseDirectory, "fixtures", "amp");
    public const string BaseRpcHash = "e95996d82d40d5efea8580ae85968dbf8c70982abeff80019e92555df5d92ef7";

    public static byte[] Manifest(string name) => File.ReadAllBytes(Path.Combine(Root, "manifests", name));
    public static string Provider(string name) => File.ReadAllText(Path.Combine(Root, "providers", name));
}
