using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Amp.Bench.Query;
using Amp.Testing;

// query-bench --ampd PATH --ampctl PATH --blocks N --runs N [--out FILE.md]
// Generates a chain on anvil, extracts it with ampd solo, then times SELECT *, a narrow projection, first-row
// latency and a point query over JSON Lines and Arrow Flight, beside DuckDB reading the same canonical files
// directly (the floor). Prints a Markdown section; --out writes it to a file too.
var options = Args.Parse(args);
var work = Directory.CreateTempSubdirectory("amp-query-bench-").FullName;
var ampDir = Path.Combine("/tmp", $"amp-qb-{Guid.NewGuid():N}"[..16]);
await using var anvil = await Anvil.StartAsync();
Console.Error.WriteLine($"-- generating {options.Blocks} blocks on anvil");
var generated = Stopwatch.StartNew();
await AnvilChain.GenerateAsync(anvil, options.Blocks);
Console.Error.WriteLine($"   done in {generated.Elapsed.TotalSeconds:F0} s");

var admin = Ports.Free();
var jsonlPort = Ports.Free();
var flightPort = Ports.Free();
var env = new Dictionary<string, string?>
{
    ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{admin}",
    ["AMP_CONFIG_JSONL_ADDR"] = $"127.0.0.1:{jsonlPort}",
    ["AMP_CONFIG_FLIGHT_ADDR"] = $"127.0.0.1:{flightPort}",
    ["AMP_LOG_LEVEL"] = "warn",
};
Console.Error.WriteLine("-- ampd solo, extraction to the head");
await using var solo = AmpProcess.Start(options.Ampd, ["solo", "--amp-dir", ampDir], env);
try
{
    var adminUrl = $"http://127.0.0.1:{admin}";
    using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(10) };
    await Eventually.UntilAsync(async () =>
    {
        try
        {
            return (await http.GetAsync(new Uri($"http://127.0.0.1:{jsonlPort}/health"))).IsSuccessStatusCode;
        }
        catch (HttpRequestException)
        {
            return false;
        }
    }, "solo's query server", TimeSpan.FromSeconds(120));

    async Task<string> Ampctl(params string[] a)
    {
        // manifest generate works offline; the other commands talk to solo's Admin API.
        string[] line = a[0] == "manifest" ? a : [.. a, "--admin-url", adminUrl];
        var (exit, stdout, stderr) = await AmpProcess.RunAsync(options.Ampctl, line);
        return exit == 0 ? stdout : throw new InvalidOperationException($"ampctl {string.Join(' ', a)}: {stdout}{stderr}");
    }
    var provider = Path.Combine(work, "anvil.toml");
    await File.WriteAllTextAsync(provider, $"kind = \"evm-rpc\"\nnetwork = \"anvil\"\nurl = \"{anvil.HttpUrl}\"\n");
    await Ampctl("provider", "register", "anvil", provider);
    var manifest = Path.Combine(work, "m.json");
    await File.WriteAllTextAsync(manifest, await Ampctl("manifest", "generate", "--kind", "evm-rpc", "--network", "anvil"));
    await Ampctl("dataset", "register", "_/anvil_rpc", manifest, "--tag", "1.0.0");
    var deployed = await Ampctl("dataset", "deploy", "_/anvil_rpc@1.0.0", "--end-block", "latest");
    var jobId = deployed.Split('\n').Single(l => l.StartsWith("→ Job ID: ", StringComparison.Ordinal))["→ Job ID: ".Length..].Trim();
    var extraction = Stopwatch.StartNew();
    await Eventually.UntilAsync(async () =>
    {
        var status = (await http.GetFromJsonAsync<JsonElement>(new Uri($"{adminUrl}/jobs/{jobId}"))).GetProperty("status").GetString();
        return status is "COMPLETED" ? true : status is "FATAL" ? throw new InvalidOperationException($"job {jobId} failed") : false;
    }, "the extraction to complete", TimeSpan.FromMinutes(30));
    Console.Error.WriteLine($"   extracted in {extraction.Elapsed.TotalSeconds:F0} s");

    var runner = new QueryRunner(http, $"http://127.0.0.1:{jsonlPort}", $"http://127.0.0.1:{flightPort}", Path.Combine(ampDir, "data", "_", "anvil_rpc"));
    var report = await runner.RunAsync(options.Runs);
    var text = new StringBuilder()
        .AppendLine(CultureInfo.InvariantCulture, $"## Query server ({options.Blocks} generated blocks: {runner.Transactions:N0} transactions, {runner.Logs:N0} logs; median of {options.Runs} runs)")
        .AppendLine()
        .Append(report)
        .ToString();
    Console.Write(text);
    if (options.Out is not null)
        await File.WriteAllTextAsync(options.Out, text);
    return 0;
}
finally
{
    solo.Signal(Signals.SIGTERM);
    try
    {
        await solo.WaitForExitAsync(TimeSpan.FromSeconds(30));
    }
    catch (TimeoutException)
    {
        solo.Kill9();
    }
    try
    {
        Directory.Delete(ampDir, recursive: true);
        Directory.Delete(work, recursive: true);
    }
    catch (IOException)
    {
        // left for the OS temp cleaner
    }
}
