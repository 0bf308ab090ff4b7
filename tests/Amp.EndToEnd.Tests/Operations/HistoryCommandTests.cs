using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Operations;

/// <summary>
/// <c>ampctl worker history ID</c> and the incarnation part of <c>inspect</c>: every start of a node ID, how it ended,
/// and the starts that were refused. Each test uses its own worker of a fresh fleet, so epochs start at 1.
/// </summary>
public sealed partial class HistoryCommandTests(ThreeWorkerFleet fleet) : IClassFixture<ThreeWorkerFleet>
{
    private static readonly string[] IncarnationColumns = ["EPOCH", "HOST", "PID", "VERSION", "STARTED", "ENDED", "REASON", "DURATION"];

    [GeneratedRegex(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")]
    private static partial Regex Timestamp();

    /// <summary>Splits history's text into the incarnation table and the refused-start table (null when there is none).</summary>
    private static (List<Dictionary<string, string>> Incarnations, List<Dictionary<string, string>>? Refused) Parse(CommandResult run)
    {
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        var parts = run.Stdout.Split("\n\n");
        Assert.Equal(2, parts.Length);
        Assert.Equal(IncarnationColumns, TextOutput.Columns(parts[0]));
        var incarnations = TextOutput.Table(parts[0]);
        if (parts[1] == "No refused duplicate starts\n")
            return (incarnations, null);
        Assert.StartsWith("Refused duplicate starts:\n", parts[1], StringComparison.Ordinal);
        var refused = parts[1]["Refused duplicate starts:\n".Length..];
        Assert.Equal(["REFUSED AT", "HOST", "PID", "VERSION"], TextOutput.Columns(refused));
        return (incarnations, TextOutput.Table(refused));
    }

    private static string Pid(int pid) => pid.ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Crash_restart_and_refused_duplicate_are_all_in_the_history()
    {
        var first = await fleet.WaitForStatusAsync("worker-01", "active");
        Assert.Equal(1, first.Num("epoch"));
        var firstPid = fleet.Worker("worker-01").Pid;
        var version = first.GetProperty("info").Str("version");

        fleet.Worker("worker-01").Kill9();
        await fleet.WaitForStatusAsync("worker-01", "inactive", TimeSpan.FromSeconds(20));
        var second = await fleet.RestartWorkerAsync("worker-01");
        var secondPid = fleet.Worker("worker-01").Pid;
        var refusedPid = await fleet.StartRefusedDuplicateAsync("worker-01");

        var text = await fleet.AmpctlAsync("worker", "history", "worker-01");
        var json = await fleet.AmpctlAsync("worker", "history", "worker-01", "--json");
        var inspect = await fleet.AmpctlAsync("worker", "inspect", "worker-01");

        // Newest first: the running incarnation, then the one that was killed.
        var (incarnations, refused) = Parse(text);
        Assert.Equal(2, second.Num("epoch"));
        Assert.Equal(["2", "1"], incarnations.Select(r => r["EPOCH"]));
        var (now, before) = (incarnations[0], incarnations[1]);
        Assert.Equal(Pid(secondPid), now["PID"]);
        Assert.Equal("-", now["ENDED"]);
        Assert.Equal("-", now["REASON"]);
        Assert.Equal("running", now["DURATION"]);
        Assert.Equal(Pid(firstPid), before["PID"]);
        Assert.Contains(before["REASON"], new[] { "crashed", "connection_lost" });
        Assert.Matches(Timestamp(), before["ENDED"]);
        Assert.Matches(@"^\d+s$|^\d+m \d+s$", before["DURATION"]);
        Assert.All(incarnations, r => Assert.Equal(version, r["VERSION"]));
        Assert.All(incarnations, r => Assert.Matches(Timestamp(), r["STARTED"]));
        Assert.NotNull(refused);
        var refusal = Assert.Single(refused);
        Assert.Equal(Pid(refusedPid), refusal["PID"]);
        Assert.Equal(version, refusal["VERSION"]);
        Assert.Equal(now["HOST"], refusal["HOST"]);
        Assert.Matches(Timestamp(), refusal["REFUSED AT"]);

        // The same ledger as JSON, with the times the text rounds.
        Assert.True(json.ExitCode == 0, json.ToString());
        var history = JsonDocument.Parse(json.Stdout).RootElement;
        Assert.Equal("worker-01", history.Str("node_id"));
        var ledger = history.GetProperty("incarnations").EnumerateArray().ToList();
        Assert.Equal([2L, 1L], ledger.Select(i => i.Num("epoch")));
        Assert.Equal(JsonValueKind.Null, ledger[0].GetProperty("end_reason").ValueKind);
        Assert.Equal(before["REASON"], ledger[1].Str("end_reason"));
        Assert.Equal(before["ENDED"], ledger[1].Str("ended_at"));
        Assert.True(string.CompareOrdinal(ledger[1].Str("ended_at"), ledger[0].Str("started_at")) <= 0, "the incarnations overlap");
        Assert.Equal(firstPid, ledger[1].GetProperty("pid").GetInt32());
        var dup = Assert.Single(history.GetProperty("duplicate_starts").EnumerateArray().ToList());
        Assert.Equal(refusedPid, dup.GetProperty("pid").GetInt32());

        // inspect summarises the same history under Amp's labelled block.
        Assert.True(inspect.ExitCode == 0, inspect.ToString());
        Assert.Contains("\nIncarnations (2 total):\n", inspect.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"\n  epoch 2  host \S+ pid {secondPid}  {Regex.Escape(version)}  \S+Z → running\n", inspect.Stdout);
        Assert.Matches($@"\n  epoch 1  host \S+ pid {firstPid}  {Regex.Escape(version)}  \S+Z → \S+Z \((crashed|connection_lost)\)\n", inspect.Stdout);
        Assert.Contains("\nRefused duplicate starts (1 total):\n", inspect.Stdout, StringComparison.Ordinal);
        Assert.Matches($@"\n  \S+Z  host \S+ pid {refusedPid}  {Regex.Escape(version)}\n", inspect.Stdout);
        Assert.Equal("1", TextOutput.Labels(inspect.Stdout)["Restarts"]);
    }

    [Fact]
    public async Task Graceful_stop_is_recorded_as_graceful_and_the_next_start_opens_epoch_2()
    {
        await fleet.WaitForStatusAsync("worker-02", "active");
        var firstPid = fleet.Worker("worker-02").Pid;

        await fleet.StopGracefullyAsync("worker-02");
        var stopped = Parse(await fleet.AmpctlAsync("worker", "history", "worker-02"));
        fleet.StartWorker("worker-02");
        await Eventually.ValueAsync(() => fleet.GetWorkerAsync("worker-02"), w => w.Num("epoch") == 2 && AmpFleet.Status(w) == "active",
            "worker-02 to be active as epoch 2", AmpFleet.StartTimeout);
        var restarted = Parse(await fleet.AmpctlAsync("worker", "history", "worker-02"));

        var only = Assert.Single(stopped.Incarnations);
        Assert.Equal("1", only["EPOCH"]);
        Assert.Equal("graceful", only["REASON"]);
        Assert.Equal(Pid(firstPid), only["PID"]);
        Assert.Null(stopped.Refused);
        Assert.Equal(["2", "1"], restarted.Incarnations.Select(r => r["EPOCH"]));
        Assert.Equal(["-", "graceful"], restarted.Incarnations.Select(r => r["REASON"]));
        Assert.Null(restarted.Refused);
    }

    [Fact]
    public async Task Worker_that_never_restarted_has_one_running_incarnation()
    {
        var w = await fleet.WaitForStatusAsync("worker-03", "active");

        var (incarnations, refused) = Parse(await fleet.AmpctlAsync("worker", "history", "worker-03"));

        var only = Assert.Single(incarnations);
        Assert.Equal("1", only["EPOCH"]);
        Assert.Equal("running", only["DURATION"]);
        Assert.Equal(w.Str("registered_at"), only["STARTED"]);
        Assert.Null(refused);
    }

    [Fact]
    public async Task History_of_an_unknown_worker_fails_and_an_invalid_id_is_a_usage_error()
    {
        var unknown = await fleet.AmpctlAsync("worker", "history", "worker-99");
        var invalid = await fleet.AmpctlAsync("worker", "history", "9lives");

        Assert.Equal(1, unknown.ExitCode);
        Assert.Equal("", unknown.Stdout);
        Assert.Equal("✗ worker not found: worker-99\n", unknown.Stderr);
        Assert.Equal(2, invalid.ExitCode);
        Assert.Equal("", invalid.Stdout);
        Assert.Contains("9lives", invalid.Stderr, StringComparison.Ordinal);
    }
}
