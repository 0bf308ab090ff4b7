using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amp.Testing;
using PuppeteerSharp;

namespace Amp.Dashboard.Tests.Support;

/// <summary>
/// A real fleet for the dashboard: <c>ampd solo</c> (controller, Admin API and its embedded worker <c>worker</c>) on a
/// fresh metadata database of the shared test server, extra <c>ampd worker</c> processes a test can start and kill,
/// and one headless Debian Chromium. With <paramref name="token"/> the Admin API needs it and the dashboard offers actions.
/// </summary>
public abstract class DashboardFleet(string? token, bool queryServerAnswers = true) : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<AmpProcess> _processes = [];
    private readonly string _root = Directory.CreateTempSubdirectory("amp-dashboard-").FullName;

    public string? Token { get; } = token;
    public MetadataDbFixture Db { get; } = new();
    public AmpProcess Solo { get; private set; } = null!;
    public int Port { get; } = Ports.Free();

    /// <summary>The JSON Lines address solo is told to serve.</summary>
    public int JsonlPort { get; } = Ports.Free();

    /// <summary>Where the query box sends SQL: solo's JSON Lines address, or a port nothing listens on.</summary>
    public string QueryUrl => $"http://127.0.0.1:{(queryServerAnswers ? JsonlPort : _silentPort)}/";

    private readonly int _silentPort = Ports.Free();
    private readonly int _flightPort = Ports.Free();

    public string BaseUrl => $"http://127.0.0.1:{Port}";
    public IBrowser Browser { get; private set; } = null!;
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(20) };

    /// <summary>The environment of solo and of every extra worker: one database, one set of storage directories.</summary>
    public IReadOnlyDictionary<string, string?> Environment => new Dictionary<string, string?>
    {
        ["AMP_CONFIG_METADATA_DB__URL"] = Db.Url,
        ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{Port}",
        ["AMP_CONFIG_ADMIN_API__AUTH_TOKEN"] = Token,
        ["AMP_CONFIG_JSONL_ADDR"] = $"127.0.0.1:{JsonlPort}",
        ["AMP_CONFIG_FLIGHT_ADDR"] = $"127.0.0.1:{_flightPort}",
        ["AMP_CONFIG_DASHBOARD__QUERY_URL"] = QueryUrl,
        ["AMP_CONFIG_DATA_DIR"] = Path.Combine(_root, "data"),
        ["AMP_CONFIG_PROVIDERS_DIR"] = Path.Combine(_root, "providers"),
        ["AMP_CONFIG_MANIFESTS_DIR"] = Path.Combine(_root, "manifests"),
        ["AMP_CONFIG_POLL_INTERVAL_SECS"] = "0.2",
        ["AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS"] = "3",
        ["AMP_CONFIG_WORKERS__INACTIVE_THRESHOLD_SECS"] = "8",
        // A machine shared with other suites can keep PostgreSQL busy for seconds; these tests are not about that.
        ["AMP_CONFIG_ADMIN_API__DB_TIMEOUT_SECS"] = "20",
    };

    /// <summary>ampctl's environment: the token, when there is one.</summary>
    public IReadOnlyDictionary<string, string?> AmpctlEnvironment => new Dictionary<string, string?> { ["AMP_AUTH_TOKEN"] = Token };

    public async Task InitializeAsync()
    {
        try
        {
            await Db.InitializeAsync();
            await StartSoloAsync();
            if (Token is not null)
                Http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            await WaitForWorkerStatusAsync("worker", "active");
            Browser = await Puppeteer.LaunchAsync(new LaunchOptions
            {
                ExecutablePath = "/usr/bin/chromium",
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"],
                Timeout = 120_000,
            });
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts solo (again, after a test killed it) on the fixture's port and database and waits until it answers.</summary>
    public async Task StartSoloAsync()
    {
        Solo = AmpProcess.Start(Binaries.Ampd, ["solo", "--amp-dir", Path.Combine(_root, "amp")], Environment);
        _processes.Add(Solo);
        await Eventually.UntilAsync(async () =>
        {
            if (Solo.HasExited)
                throw new InvalidOperationException($"ampd solo exited with code {Solo.ExitCode}\n{Solo.Output}");
            try
            {
                using var r = await Http.GetAsync(new Uri(BaseUrl + "/healthz"));
                return r.StatusCode == HttpStatusCode.OK;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, $"ampd solo to answer on port {Port}", StartTimeout);
    }

    /// <summary>Starts <c>ampd worker --node-id ID</c> on the fixture's database, without waiting.</summary>
    public AmpProcess StartWorker(string nodeId)
    {
        var process = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", nodeId], Environment);
        _processes.Add(process);
        return process;
    }

    public Task<CommandResult> AmpctlAsync(params string[] args) =>
        AmpFleet.RunAmpctlAsync([.. args, "--admin-url", BaseUrl], AmpctlEnvironment);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var response = await Http.GetAsync(new Uri(BaseUrl + path));
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"GET {path}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public async Task<(HttpStatusCode Status, string Body)> PostAsync(string path, string? json = null)
    {
        using var content = json is null ? null : new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(BaseUrl + path), content);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    public Task<JsonElement> WaitForWorkerStatusAsync(string nodeId, string status) =>
        Eventually.ValueAsync(async () =>
        {
            using var r = await Http.GetAsync(new Uri($"{BaseUrl}/workers/{nodeId}"));
            return r.IsSuccessStatusCode ? JsonDocument.Parse(await r.Content.ReadAsStringAsync()).RootElement.Clone() : default;
        }, w => w.ValueKind == JsonValueKind.Object && w.GetProperty("status").GetString() == status, $"worker {nodeId} to be {status}", StartTimeout);

    /// <summary>A new browser tab at the given size; signed in (the token in its session storage) when the fleet has a token.</summary>
    public async Task<DashboardPage> NewPageAsync(int width = 1280, int height = 800, bool signedIn = true)
    {
        var page = await Browser.NewPageAsync();
        page.DefaultTimeout = 60_000;
        page.DefaultNavigationTimeout = 60_000;
        await page.SetViewportAsync(new ViewPortOptions { Width = width, Height = height });
        if (signedIn && Token is not null)
            await page.EvaluateExpressionOnNewDocumentAsync($"sessionStorage.setItem('amp-admin-token', {JsonSerializer.Serialize(Token)})");
        return new DashboardPage(page, BaseUrl);
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        foreach (var p in _processes.Where(p => !p.HasExited))
            p.Signal(Signals.SIGTERM);
        foreach (var p in _processes)
        {
            try
            {
                await p.WaitForExitAsync(TimeSpan.FromSeconds(20));
            }
            catch (TimeoutException)
            {
                p.Kill9();
            }
            await p.DisposeAsync();
        }
        Http.Dispose();
        await Db.DisposeAsync();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // best effort: a file still open by a process being torn down
        }
    }
}

/// <summary>A fleet whose Admin API needs a bearer token: the dashboard signs in and offers actions.</summary>
public sealed class TokenFleet() : DashboardFleet(SecretToken)
{
    public const string SecretToken = "dashboard-test-token-5f1c2a";
}

/// <summary>A fleet without a token (the dashboard is read-only) whose query box points at a port nothing listens on.</summary>
public sealed class OpenFleet() : DashboardFleet(null, queryServerAnswers: false);

[CollectionDefinition(Name)]
public sealed class TokenFleetCollection : ICollectionFixture<TokenFleet>
{
    public const string Name = "dashboard with token";
}
