using System.Diagnostics;
using Npgsql;

namespace Amp.Bench.Common;

/// <summary>
/// Our system under test, as real processes: <c>ampd controller</c> on 127.0.0.1:port and any number of
/// <c>ampd worker</c> processes, all on one metadata database, each with its output in a log file.
/// </summary>
public sealed class AmpSystem : IAsyncDisposable
{
    private readonly string _ampd;
    private readonly string _db;
    private readonly string _logDir;
    private readonly Dictionary<string, string> _env;

    public AmpSystem(string ampd, string db, int apiPort, string logDir, IReadOnlyDictionary<string, string>? extraEnv = null)
    {
        _ampd = ampd;
        _db = db;
        _logDir = logDir;
        ApiPort = apiPort;
        _env = new Dictionary<string, string>
        {
            ["AMP_CONFIG_METADATA_DB__URL"] = db,
            ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{apiPort}",
            ["NO_COLOR"] = "1",
        };
        foreach (var (key, value) in extraEnv ?? new Dictionary<string, string>())
            _env[key] = value;
        var b = new NpgsqlConnectionStringBuilder(db) { ApplicationName = "amp-bench", MaxPoolSize = 20 };
        Db = NpgsqlDataSource.Create(b.ConnectionString);
        Api = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{apiPort}"),
            Timeout = TimeSpan.FromSeconds(60),
        };
    }

    public int ApiPort { get; }
    public HttpClient Api { get; }
    public NpgsqlDataSource Db { get; }
    public Child? Controller { get; private set; }
    public Dictionary<string, Child> Workers { get; } = new(StringComparer.Ordinal);

    /// <summary>Applies the schema with <c>ampd migrate</c> (what an operator runs before anything else).</summary>
    public async Task MigrateAsync()
    {
        var child = Children.Start("ampd migrate", _ampd, ["migrate"], Path.Combine(_logDir, "ampd-migrate.log"), _env);
        await child.Process.WaitForExitAsync().ConfigureAwait(false);
        if (child.Process.ExitCode != 0)
            throw new InvalidOperationException($"ampd migrate exited with {child.Process.ExitCode}; see {child.Log}");
    }

    public async Task StartControllerAsync(TimeSpan timeout)
    {
        Controller = Children.Start("ampd controller", _ampd, ["controller"], Path.Combine(_logDir, "ampd-controller.log"), _env);
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (Controller.Exited)
                throw new InvalidOperationException($"ampd controller exited with {Controller.Process.ExitCode}; see {Controller.Log}");
            try
            {
                using var r = await Api.GetAsync("/readyz").ConfigureAwait(false);
                if (r.IsSuccessStatusCode)
                    return;
            }
            catch (HttpRequestException)
            {
            }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"ampd controller not ready after {timeout.TotalSeconds}s; see {Controller.Log}");
            await Task.Delay(50).ConfigureAwait(false);
        }
    }

    /// <summary>Starts <c>ampd worker --node-id</c> and waits until it is registered and listening for jobs.</summary>
    public async Task<Child> StartWorkerAsync(string nodeId, TimeSpan timeout)
    {
        var child = Children.Start($"ampd worker {nodeId}", _ampd, ["worker", "--node-id", nodeId], Path.Combine(_logDir, $"ampd-worker-{nodeId}.log"), _env);
        Workers[nodeId] = child;
        var listenName = $"ampd worker-listen {child.Pid} {nodeId}";
        var sw = Stopwatch.StartNew();
        while (true)
        {
            if (child.Exited)
                throw new InvalidOperationException($"ampd worker {nodeId} exited with {child.Process.ExitCode}; see {child.Log}");
            await using (var cmd = Db.CreateCommand("SELECT count(*) FROM pg_stat_activity WHERE application_name = $1"))
            {
                cmd.Parameters.AddWithValue(listenName.Length > 63 ? listenName[..63] : listenName);
                if ((long)(await cmd.ExecuteScalarAsync().ConfigureAwait(false))! > 0)
                    return child;
            }
            if (sw.Elapsed > timeout)
                throw new TimeoutException($"ampd worker {nodeId} not listening after {timeout.TotalSeconds}s; see {child.Log}");
            await Task.Delay(20).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        var all = Workers.Values.Append(Controller).OfType<Child>().ToList();
        await Task.WhenAll(all.Select(c => c.StopAsync(TimeSpan.FromSeconds(5)))).ConfigureAwait(false);
        Api.Dispose();
        await Db.DisposeAsync().ConfigureAwait(false);
    }
}
