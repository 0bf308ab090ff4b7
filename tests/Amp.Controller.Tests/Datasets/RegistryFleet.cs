using System.Net;
using System.Text;

namespace Amp.Controller.Tests.Datasets;

/// <summary>
/// A real controller and one worker on a fresh metadata database, with data, providers and manifests directories of
/// its own (set through AMP_CONFIG_*_DIR). The worker counts as active for 20 s after its last heartbeat, so a test can
/// freeze it (SIGSTOP) and keep a job SCHEDULED.
/// </summary>
public sealed class RegistryFleet : AmpFleet
{
    public static readonly string FixturesRoot = Path.Combine(AppContext.BaseDirectory, "fixtures", "amp");
    public const string BaseRpcHash = "e95996d82d40d5efea8580ae85968dbf8c70982abeff80019e92555df5d92ef7";

    public RegistryFleet() : this(Path.Combine(Path.GetTempPath(), $"amp-registry-{Guid.NewGuid():N}"))
    {
    }

    private RegistryFleet(string root) : base(["w1"], new Dictionary<string, string?>
    {
        ["AMP_CONFIG_DATA_DIR"] = Path.Combine(root, "data"),
        ["AMP_CONFIG_PROVIDERS_DIR"] = Path.Combine(root, "providers"),
        ["AMP_CONFIG_MANIFESTS_DIR"] = Path.Combine(root, "manifests"),
        ["AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS"] = "20",
        ["AMP_CONFIG_WORKERS__INACTIVE_THRESHOLD_SECS"] = "60",
    })
    {
        Root = root;
    }

    public string Root { get; }
    public string ManifestsDir => Path.Combine(Root, "manifests");
    public string ProvidersDir => Path.Combine(Root, "providers");

    public static string Fixture(string relative) => File.ReadAllText(Path.Combine(FixturesRoot, relative));

    public async Task<ApiResponse> SendJsonAsync(HttpMethod method, string path, string? json)
    {
        using var request = new HttpRequestMessage(method, new Uri(AdminUrl + path));
        if (json is not null)
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        return new ApiResponse(response.StatusCode, await response.Content.ReadAsStringAsync().ConfigureAwait(false), response.Content.Headers.ContentType?.MediaType);
    }

    public Task<ApiResponse> PostAsync(string path, string json) => SendJsonAsync(HttpMethod.Post, path, json);
    public Task<ApiResponse> DeleteAsync(string path) => SendJsonAsync(HttpMethod.Delete, path, null);

    public static void AssertStatus(ApiResponse r, HttpStatusCode status) => Assert.True(r.Status == status, $"expected {(int)status}, got {r}");

    public static void AssertError(ApiResponse r, HttpStatusCode status, string code)
    {
        AssertStatus(r, status);
        Assert.Equal(code, r.Json.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(r.Json.GetProperty("error_message").GetString()));
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync().ConfigureAwait(false);
        if (Directory.Exists(Root))
            Directory.Delete(Root, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class RegistryCollection : ICollectionFixture<RegistryFleet>
{
    public const string Name = "registry";
}
