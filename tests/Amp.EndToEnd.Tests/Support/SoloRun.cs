using System.Text.Json;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Support;

/// <summary>
/// A real <c>ampd solo</c> on its own amp dir under /tmp (short: the managed server's socket lives there) and a free
/// loopback port, started in its own session through <c>setsid</c> the way a terminal starts it: the process group
/// is solo's, so a test can send it a terminal's Ctrl-C (<see cref="InterruptGroup"/>).
/// </summary>
public sealed class SoloRun : IAsyncDisposable
{
    private SoloRun(string ampDir, int port, AmpProcess process, string jsonlAddr, string flightAddr)
    {
        JsonlUrl = "http://" + jsonlAddr;
        FlightUrl = "http://" + flightAddr;
        AmpDir = ampDir;
        Port = port;
        Process = process;
    }

    public string AmpDir { get; }
    public int Port { get; }
    public AmpProcess Process { get; }
    public string AdminUrl => $"http://127.0.0.1:{Port}";

    /// <summary>Solo's JSON Lines query endpoint (from AMP_CONFIG_JSONL_ADDR, a free port unless the test set one).</summary>
    public string JsonlUrl { get; }

    /// <summary>Solo's Arrow Flight endpoint (h2c), from AMP_CONFIG_FLIGHT_ADDR.</summary>
    public string FlightUrl { get; }

    public static string NewAmpDir() => Path.Combine("/tmp", $"amp-e2e-solo-{Guid.NewGuid():N}"[..25]);

    public static SoloRun Start(string? ampDir = null, IReadOnlyDictionary<string, string?>? env = null, IReadOnlyList<string>? flags = null)
    {
        ampDir ??= NewAmpDir();
        var port = Ports.Free();
        var environment = new Dictionary<string, string?>(Ports.QueryServers()) { ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}" };
        foreach (var (k, v) in env ?? new Dictionary<string, string?>())
            environment[k] = v;
        var process = AmpProcess.Start("/usr/bin/setsid", [Binaries.Ampd, "solo", "--amp-dir", ampDir, .. flags ?? []], environment);
        return new SoloRun(ampDir, port, process, environment["AMP_CONFIG_JSONL_ADDR"]!, environment["AMP_CONFIG_FLIGHT_ADDR"]!);
    }

    public Task WaitListeningAsync() => Process.WaitForOutputAsync("Admin API listening", TimeSpan.FromSeconds(90));

    /// <summary>Ctrl-C as a terminal sends it: SIGINT to every process of solo's process group.</summary>
    public void InterruptGroup() => Signals.Send(-Process.Pid, Signals.SIGINT);

    public Task<CommandResult> AmpctlAsync(params string[] args) => AmpFleet.RunAmpctlAsync([.. args, "--admin-url", AdminUrl]);

    public async Task<JsonElement> GetJsonAsync(string path)
    {
        using var http = new HttpClient();
        return JsonDocument.Parse(await http.GetStringAsync(new Uri(AdminUrl + path))).RootElement;
    }

    /// <summary>Schedules <c>sleep</c> on the embedded worker and waits until it runs; returns the job ID.</summary>
    public async Task<long> RunSleepJobAsync(int seconds)
    {
        var run = await AmpctlAsync("job", "run", "sleep", "--seconds", seconds.ToString(System.Globalization.CultureInfo.InvariantCulture), "--json");
        Assert.True(run.ExitCode == 0, run.ToString());
        var id = JsonDocument.Parse(run.Stdout).RootElement.GetProperty("job_id").GetInt64();
        await Eventually.UntilAsync(async () => (await GetJsonAsync($"/jobs/{id}")).GetProperty("status").GetString() == "RUNNING", $"job {id} to run");
        return id;
    }

    public async ValueTask DisposeAsync()
    {
        if (!Process.HasExited)
        {
            Process.Signal(Signals.SIGTERM);
            try
            {
                await Process.WaitForExitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
                // killed below
            }
        }
        await Process.DisposeAsync();
    }

    /// <summary>Stops a server a dead solo left behind and removes the amp dir.</summary>
    public static void CleanUp(string ampDir)
    {
        var pidFile = Path.Combine(ampDir, "metadb", "postmaster.pid");
        if (File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault(), out var pid) && pid > 0)
        {
            const int sigquit = 3; // PostgreSQL's immediate shutdown: the postmaster takes its backends with it
            Signals.Send(pid, sigquit);
        }
        try
        {
            if (Directory.Exists(ampDir))
                Directory.Delete(ampDir, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // left to the OS temp cleaner
        }
    }
}
