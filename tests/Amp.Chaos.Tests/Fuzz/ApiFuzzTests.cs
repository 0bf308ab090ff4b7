using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>A controller and one worker, for the fuzz run.</summary>
public sealed class ApiFuzzFleet() : AmpFleet([LiveNode])
{
    public const string LiveNode = "fuzz-w1";
}

/// <summary>
/// 10,000 malformed or odd requests against a real controller, 16 at a time: none may get a 5xx, every JSON 4xx
/// is <c>{"error_code","error_message"}</c>, and the controller serves as before afterwards.
/// </summary>
public sealed class ApiFuzzTests(ApiFuzzFleet fleet, ITestOutputHelper output) : IClassFixture<ApiFuzzFleet>
{
    private const int Seed = 1610;
    private const int HttpClientRequests = 9_800;
    private const int RawRequests = 200;
    private const int Concurrency = 16;
    private const int ShownProblems = 30;

    [Fact]
    public async Task Ten_thousand_malformed_requests_get_no_5xx_only_well_formed_errors_and_leave_the_controller_serving()
    {
        var before = await fleet.GetWorkerAsync(ApiFuzzFleet.LiveNode);
        var requests = new RequestGenerator(Seed, ApiFuzzFleet.LiveNode).Generate(HttpClientRequests);
        var raw = RawHttp.Requests();
        var problems = new ConcurrentBag<(int Index, string Kind, string Text)>();
        var statuses = new ConcurrentDictionary<string, int>();
        var capacityAnswers = 0;
        var closedWhileUploading = 0;
        var tooLarge = 0;
        var versionRefusals = 0;
        var clock = Stopwatch.StartNew();

        using var client = new FuzzClient(fleet.AdminUrl);
        var viaHttpClient = Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = Concurrency - 2 }, async (r, _) =>
        {
            var answer = await client.SendAsync(r);
            statuses.AddOrUpdate(answer.TransportError is null ? answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture) : "no answer", 1, (_, n) => n + 1);
            if (answer.TransportError is not null && r.Expect == Expectation.PayloadTooLarge && ClosedWhileUploading(answer.TransportError))
            {
                // The server may answer an oversized body at once and close the connection (RFC 9110 §15.5.14);
                // a client still uploading then sees a broken pipe instead of the 413.
                Interlocked.Increment(ref closedWhileUploading);
                return;
            }
            var problem = answer.TransportError is not null
                ? "no HTTP answer"
                : FuzzVerdict.Check(r.Method, r.PathAndQuery, r.Expect, answer.Status, answer.MediaType, answer.Body);
            if (problem is not null)
                problems.Add((r.Index, $"{problem} <- {r.Category.Split('+')[0]}: {ErrorMessageHead(answer.Body)}", $"{problem}\n  request {r}\n  answer  {answer}"));
            else if (answer.Status == 503)
                Interlocked.Increment(ref capacityAnswers);
            else if (r.Expect == Expectation.PayloadTooLarge)
                Interlocked.Increment(ref tooLarge);
        });
        var viaRawTcp = Parallel.ForEachAsync(Enumerable.Range(0, RawRequests), new ParallelOptions { MaxDegreeOfParallelism = 2 }, async (i, _) =>
        {
            var (name, bytes) = raw[i % raw.Count];
            try
            {
                foreach (var answer in await RawHttp.SendAsync(fleet.Port, bytes, TimeSpan.FromSeconds(10)))
                {
                    if (RawHttp.IsKestrelVersionRefusal(name, answer))
                    {
                        // Kestrel's own answer to an HTTP version other than 1.x, before any Admin API code runs.
                        Interlocked.Increment(ref versionRefusals);
                        continue;
                    }
                    statuses.AddOrUpdate(answer.Status.ToString(System.Globalization.CultureInfo.InvariantCulture), 1, (_, n) => n + 1);
                    var mediaType = answer.ContentType?.Split(';')[0].Trim();
                    if (FuzzVerdict.Check("RAW", "", Expectation.No5xx, answer.Status, mediaType, answer.Body) is { } problem)
                        problems.Add((HttpClientRequests + i, $"{problem} <- raw {name}", $"{problem}\n  raw request '{name}': {FuzzRequest.Shorten(System.Text.Encoding.Latin1.GetString(bytes), 300)}\n  answer HTTP {answer.Status} ({answer.ContentType}): {FuzzRequest.Shorten(answer.Body, 600)}"));
                }
            }
            catch (Exception ex) when (ex is TimeoutException or FormatException or IOException or System.Net.Sockets.SocketException)
            {
                problems.Add((HttpClientRequests + i, $"{ex.GetType().Name} <- raw {name}", $"raw request '{name}': {ex.Message}"));
            }
        });
        await Task.WhenAll(viaHttpClient, viaRawTcp);
        var elapsed = clock.Elapsed;

        output.WriteLine($"{HttpClientRequests + RawRequests} requests (seed {Seed}) in {elapsed.TotalSeconds:0.0}s; answers by status: "
            + string.Join(", ", statuses.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} x{s.Value}")));
        output.WriteLine($"documented 503 {FuzzVerdict.CapacityCode} answers (worker_id prefix matching no active worker): {capacityAnswers}");
        output.WriteLine($"raw requests with an HTTP version other than 1.0/1.1 answered 505 by Kestrel itself (empty body): {versionRefusals}");
        output.WriteLine($"bodies over 1 MiB: {tooLarge} answered 413, {closedWhileUploading} closed by the server while the client was still uploading");
        var sorted = problems.OrderBy(p => p.Index).ToList();
        // One example of each kind of bad answer, most frequent first.
        foreach (var kind in sorted.GroupBy(p => p.Kind).OrderByDescending(g => g.Count()).Take(ShownProblems))
            output.WriteLine($"--- {kind.Count()} x {kind.Key}; the first:\n{kind.First().Text}");

        Assert.False(fleet.Controller.HasExited, $"the controller exited with code {(fleet.Controller.HasExited ? fleet.Controller.ExitCode : 0)}\n{fleet.Controller.Output}");
        var ready = await fleet.GetAsync("/readyz");
        Assert.True(ready.Status == HttpStatusCode.OK, ready.ToString());
        var workers = await fleet.ListWorkersAsync();
        var worker = Assert.Single(workers).Value;
        Assert.Equal(ApiFuzzFleet.LiveNode, worker.GetProperty("node_id").GetString());
        Assert.Equal("active", AmpFleet.Status(worker));
        Assert.Equal(before.GetProperty("epoch").GetInt64(), worker.GetProperty("epoch").GetInt64());
        Assert.Equal(JsonValueKind.Null, worker.GetProperty("draining_since").ValueKind);
        Assert.Equal(JsonValueKind.Null, worker.GetProperty("retired_at").ValueKind);
        Assert.False(fleet.Worker(ApiFuzzFleet.LiveNode).HasExited, fleet.Worker(ApiFuzzFleet.LiveNode).Output);

        Assert.True(tooLarge > 0, "no body over 1 MiB got its 413");
        Assert.True(sorted.Count == 0, $"{sorted.Count} bad answer(s); the first:\n{(sorted.Count > 0 ? sorted[0].Text : "")}");
    }

    private static bool ClosedWhileUploading(string error) =>
        error.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase) || error.Contains("reset by peer", StringComparison.OrdinalIgnoreCase);

    /// <summary>What kind of failure an answer is, for grouping: the start of its error message.</summary>
    private static string ErrorMessageHead(string body)
    {
        try
        {
            return JsonDocument.Parse(body).RootElement.TryGetProperty("error_message", out var m) && m.ValueKind == JsonValueKind.String
                ? FuzzRequest.Shorten(m.GetString()!, 50)
                : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }
}
