using System.Net;
using System.Text.Json;
using Xunit;

namespace Amp.Testing;

/// <summary>What a finished command printed: exit code, stdout and stderr.</summary>
public sealed record CommandResult(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Stdout split into lines, without the empty line after the final newline.</summary>
    public string[] StdoutLines => Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public override string ToString() => $"exit {ExitCode}\n--- stdout ---\n{Stdout}\n--- stderr ---\n{Stderr}";
}

/// <summary>One HTTP answer of the Admin API: status, raw body and, when the body is JSON, its root element.</summary>
public sealed record ApiResponse(HttpStatusCode Status, string Body, string? ContentType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    public override string ToString() => $"HTTP {(int)Status} ({ContentType}): {Body}";
}

/// <summary>
/// A real Amp fleet for end-to-end tests: a fresh migrated metadata database, <c>ampd controller</c> on a free
/// loopback port, and one <c>ampd worker --node-id ID</c> process per node ID, all started in
/// <see cref="InitializeAsync"/> and waited for (Admin API answering, every worker active). Derive one fixture
/// type per test class (or collection) and pick the node IDs and extra settings in its constructor.
/// Every process is killed in <see cref="DisposeAsync"/>.
/// </summary>
public class AmpFleet : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Dictionary<string, AmpProcess> _workers = new(StringComparer.Ordinal);
    private readonly List<AmpProcess> _ended = [];
    private readonly Dictionary<string, string?> _settings;
    private string? _binDir;
    private bool _usesSharedDb;
    private bool _disposed;

    /// <param name="nodeIds">The workers to start, in order.</param>
    /// <param name="settings">
    /// Extra environment for the controller and every worker, e.g. <c>AMP_CONFIG_WORKERS__ACTIVE_THRESHOLD_SECS</c>.
    /// </param>
    public AmpFleet(IReadOnlyList<string> nodeIds, IReadOnlyDictionary<string, string?>? settings = null)
    {
        NodeIds = nodeIds;
        _settings = settings is null ? [] : new Dictionary<string, string?>(settings);
    }

    public IReadOnlyList<string> NodeIds { get; }

    /// <summary>The fleet's own database on the shared test server (unused when <see cref="PrepareDatabaseAsync"/> is overridden).</summary>
    public MetadataDbFixture Db { get; } = new();

    /// <summary>The metadata database URL every ampd process of the fleet uses.</summary>
    public string DatabaseUrl { get; private set; } = "";

    public AmpProcess Controller { get; private set; } = null!;

    public int Port { get; private set; }

    public string AdminUrl => $"http://127.0.0.1:{Port}";

    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(15) };

    /// <summary>The environment every ampd process of this fleet gets (database URL plus the extra settings).</summary>
    public IReadOnlyDictionary<string, string?> AmpdEnvironment => new Dictionary<string, string?>(_settings)
    {
        ["AMP_CONFIG_METADATA_DB__URL"] = DatabaseUrl,
    };

    /// <summary>The live (or last started) process of a worker.</summary>
    public AmpProcess Worker(string nodeId) => _workers[nodeId];

    public virtual async Task InitializeAsync()
    {
        try
        {
            DatabaseUrl = await PrepareDatabaseAsync().ConfigureAwait(false);
            await StartControllerAsync().ConfigureAwait(false);
            foreach (var id in NodeIds)
                StartWorker(id);
            await WaitUntilAsync(ws => NodeIds.All(id => ws.TryGetValue(id, out var w) && Status(w) == "active"),
                $"workers {string.Join(", ", NodeIds)} to be active", StartTimeout).ConfigureAwait(false);
        }
        catch
        {
            // A fixture that fails to start must not leave processes behind.
            await DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Creates the fleet's database and returns its URL: by default a fresh migrated database on the shared test
    /// server (<see cref="Db"/>). Override to use a server of the test's own, e.g. one the test stops.
    /// </summary>
    protected virtual async Task<string> PrepareDatabaseAsync()
    {
        await Db.InitializeAsync().ConfigureAwait(false);
        _usesSharedDb = true;
        return Db.Url;
    }

    private async Task StartControllerAsync()
    {
        // A free port can be taken between Ports.Free() and the bind: try a few.
        for (var attempt = 1; ; attempt++)
        {
            Port = Ports.Free();
            var env = new Dictionary<string, string?>(AmpdEnvironment) { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{Port}" };
            var controller = AmpProcess.Start(Binaries.Ampd, ["controller"], env);
            var up = await Eventually.ValueAsync(
                async () => controller.HasExited ? (bool?)false : await IsHealthyAsync().ConfigureAwait(false) ? true : null,
                v => v is not null, $"the controller on port {Port} to answer /healthz", StartTimeout).ConfigureAwait(false);
            if (up == true)
            {
                Controller = controller;
                return;
            }
            _ended.Add(controller);
            if (attempt == 3 || !controller.Printed("cannot serve the Admin API"))
                throw new InvalidOperationException($"ampd controller exited with code {controller.ExitCode} during start-up\n{controller.Output}");
        }
    }

    private async Task<bool> IsHealthyAsync()
    {
        try
        {
            using var response = await Http.GetAsync(new Uri(AdminUrl + "/healthz")).ConfigureAwait(false);
            return response.StatusCode == HttpStatusCode.OK;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }

    /// <summary>Starts <c>ampd worker --node-id ID</c> with the fleet's environment, without waiting for it.</summary>
    public AmpProcess StartWorker(string nodeId, IReadOnlyDictionary<string, string?>? extraEnv = null)
    {
        var env = new Dictionary<string, string?>(AmpdEnvironment);
        if (extraEnv is not null)
            foreach (var (k, v) in extraEnv)
                env[k] = v;
        var process = AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", nodeId], env);
        if (_workers.Remove(nodeId, out var previous))
            _ended.Add(previous);
        _workers[nodeId] = process;
        return process;
    }

    /// <summary>
    /// Kills the worker if it still runs, starts it again (with <paramref name="extraEnv"/> on top of the fleet's
    /// environment) and waits until the new incarnation (a higher epoch) is active. Returns the worker as the API
    /// reports it afterwards.
    /// </summary>
    public async Task<JsonElement> RestartWorkerAsync(string nodeId, IReadOnlyDictionary<string, string?>? extraEnv = null)
    {
        var before = (await GetWorkerAsync(nodeId).ConfigureAwait(false)).GetProperty("epoch").GetInt64();
        var old = _workers[nodeId];
        if (!old.HasExited)
        {
            old.Kill9();
            await old.WaitForExitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
        var process = StartWorker(nodeId, extraEnv);
        return await Eventually.ValueAsync(
            async () => process.HasExited
                ? throw new InvalidOperationException($"restarted worker exited with code {process.ExitCode}\n{process.Output}")
                : await GetWorkerAsync(nodeId).ConfigureAwait(false),
            w => w.GetProperty("epoch").GetInt64() > before && Status(w) == "active",
            $"worker {nodeId} to come back active with an epoch above {before}", StartTimeout).ConfigureAwait(false);
    }

    /// <summary>Runs the real ampctl with <c>--admin-url</c> of this fleet appended.</summary>
    public Task<CommandResult> AmpctlAsync(params string[] args) =>
        RunAmpctlAsync([.. args, "--admin-url", AdminUrl]);

    /// <summary>Runs the real ampctl with exactly these arguments (and no AMP_* variables).</summary>
    public static async Task<CommandResult> RunAmpctlAsync(IEnumerable<string> args, IReadOnlyDictionary<string, string?>? env = null)
    {
        var (code, stdout, stderr) = await AmpProcess.RunAsync(Binaries.Ampctl, args, env).ConfigureAwait(false);
        return new CommandResult(code, stdout, stderr);
    }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(method, new Uri(AdminUrl + pathAndQuery));
        using var response = await Http.SendAsync(request).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        return new ApiResponse(response.StatusCode, body, response.Content.Headers.ContentType?.MediaType);
    }

    public Task<ApiResponse> GetAsync(string pathAndQuery) => SendAsync(HttpMethod.Get, pathAndQuery);

    /// <summary><c>GET /workers/{id}</c>, which must answer 200.</summary>
    public async Task<JsonElement> GetWorkerAsync(string nodeId)
    {
        var response = await GetAsync("/workers/" + Uri.EscapeDataString(nodeId)).ConfigureAwait(false);
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /workers/{nodeId}: {response}");
        return response.Json;
    }

    /// <summary><c>GET /workers</c> as a map from node ID to worker; must answer 200.</summary>
    public async Task<IReadOnlyDictionary<string, JsonElement>> ListWorkersAsync()
    {
        var response = await GetAsync("/workers").ConfigureAwait(false);
        if (response.Status != HttpStatusCode.OK)
            throw new InvalidOperationException($"GET /workers: {response}");
        return response.Json.GetProperty("workers").EnumerateArray()
            .ToDictionary(w => w.GetProperty("node_id").GetString()!, w => w.Clone(), StringComparer.Ordinal);
    }

    /// <summary>Polls <c>GET /workers</c> until <paramref name="done"/> holds.</summary>
    public Task<IReadOnlyDictionary<string, JsonElement>> WaitUntilAsync(Func<IReadOnlyDictionary<string, JsonElement>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(ListWorkersAsync, done, what, timeout);

    /// <summary>Polls <c>GET /workers/{id}</c> until the worker has <paramref name="status"/>; returns it.</summary>
    public Task<JsonElement> WaitForStatusAsync(string nodeId, string status, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => GetWorkerAsync(nodeId), w => Status(w) == status, $"worker {nodeId} to be {status}", timeout);

    public static string? Status(JsonElement worker) => worker.GetProperty("status").GetString();

    /// <summary>
    /// A directory holding an <c>ampctl</c> wrapper that runs the real binary with this fleet's
    /// <c>--admin-url</c> appended: put it first on PATH and documented scripts run verbatim against the fleet.
    /// </summary>
    public string AmpctlWrapperDirectory()
    {
        if (_binDir is not null)
            return _binDir;
        var dir = Path.Combine(Path.GetTempPath(), $"amp-e2e-bin-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        var wrapper = Path.Combine(dir, "ampctl");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec '{Binaries.Ampctl}' \"$@\" --admin-url '{AdminUrl}'\n");
        File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return _binDir = dir;
    }

    public virtual async Task DisposeAsync()
    {
        if (_disposed)
            return;
        _disposed = true;
        foreach (var p in _workers.Values.Concat(_ended))
            await p.DisposeAsync().ConfigureAwait(false);
        if (Controller is not null)
            await Controller.DisposeAsync().ConfigureAwait(false);
        _workers.Clear();
        _ended.Clear();
        Http.Dispose();
        if (_usesSharedDb)
            await Db.DisposeAsync().ConfigureAwait(false);
        if (_binDir is not null)
        {
            try
            {
                Directory.Delete(_binDir, recursive: true);
            }
            catch (IOException)
            {
                // left to the OS temp cleaner
            }
        }
    }
}
