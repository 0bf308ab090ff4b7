using Amp.AdminClient.Workers;
using Amp.Core.Build;
using Amp.Core.Workers;
using Ampctl.Output;
using Ampctl.Output.Workers;

namespace Ampctl.Tests.Unit;

public sealed class WorkerFormattingTests
{
    private static readonly Worker Active = new(
        NodeId.Parse("worker-01"),
        new BuildInfo("v0.1.0", "0123456789abcdef0123456789abcdef01234567", "2026-11-29T18:00:00Z", "2026-11-29"),
        DateTimeOffset.Parse("2026-11-29T18:20:15Z", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.Parse("2026-11-29T18:20:15Z", System.Globalization.CultureInfo.InvariantCulture),
        DateTimeOffset.Parse("2026-11-29T18:25:01Z", System.Globalization.CultureInfo.InvariantCulture),
        WorkerStatus.Active, HeartbeatAgeMs: 412, UptimeSeconds: 286, Restarts: 0, new Epoch(1));

    private static readonly Worker Inactive = Active with
    {
        NodeId = NodeId.Parse("w2"),
        Info = BuildInfo.Unavailable,
        Status = WorkerStatus.Inactive,
        HeartbeatAgeMs = 3_723_000,
        UptimeSeconds = null,
        Restarts = 3,
        Epoch = new Epoch(4),
    };

    [Fact]
    public void Inspect_block_matches_amps_labelled_layout()
    {
        const string expected = """
            Node ID:      worker-01
            Status:       active
            Created:      2026-11-29T18:20:15Z
            Registered:   2026-11-29T18:20:15Z
            Heartbeat:    2026-11-29T18:25:01Z (0.4s ago)
            Uptime:       4m 46s
            Restarts:     0
            Epoch:        1

            Worker Info:
              Version:          v0.1.0
              Commit:           0123456789abcdef0123456789abcdef01234567
              Commit Timestamp: 2026-11-29T18:00:00Z
              Build Date:       2026-11-29

            Draining:     no
            Running Jobs: 0

            """;
        Assert.Equal(expected.ReplaceLineEndings("\n"), WorkerInspectView.Render(new WorkerDetail(Active, null), colour: false));
    }

    [Fact]
    public void Inspect_of_an_inactive_worker_shows_a_dash_for_uptime_and_unknown_build_info()
    {
        var text = WorkerInspectView.Render(new WorkerDetail(Inactive, null), colour: false);
        Assert.Contains("Status:       inactive\n", text, StringComparison.Ordinal);
        Assert.Contains("Uptime:       -\n", text, StringComparison.Ordinal);
        Assert.Contains("Heartbeat:    2026-11-29T18:25:01Z (1h 2m ago)\n", text, StringComparison.Ordinal);
        Assert.Contains("  Version:          unknown\n", text, StringComparison.Ordinal);
        Assert.DoesNotContain('\u001b', text);
    }

    [Theory]
    [InlineData(WorkerStatus.Active, "\u001b[32mactive\u001b[0m")]
    [InlineData(WorkerStatus.Stalled, "\u001b[93mstalled\u001b[0m")]
    [InlineData(WorkerStatus.Inactive, "\u001b[91minactive\u001b[0m")]
    public void Status_is_coloured_only_when_asked(WorkerStatus status, string coloured)
    {
        Assert.Equal(coloured, StatusStyle.Paint(status, colour: true));
        Assert.Equal(status.ToWire(), StatusStyle.Paint(status, colour: false));
    }

    [Fact]
    public void Table_without_colour_is_aligned_plain_text_without_trailing_spaces()
    {
        var stdout = new StringWriter();
        var output = new CliOutput(new CliHost(stdout, TextWriter.Null, StdoutIsTerminal: false, new Dictionary<string, string>()));

        WorkerTable.Write(output, new WorkerList([Active, Inactive]));

        string[] expected =
        [
            "NODE ID     STATUS     VERSION   LAST HEARTBEAT                     UPTIME   JOBS",
            "worker-01   active     v0.1.0    2026-11-29T18:25:01Z (0.4s ago)    4m 46s   0",
            "w2          inactive   unknown   2026-11-29T18:25:01Z (1h 2m ago)   -        0",
        ];
        Assert.Equal(string.Join("\n", expected) + "\n", stdout.ToString());
    }

    [Fact]
    public void Table_is_not_wrapped_when_redirected_even_with_long_values()
    {
        var stdout = new StringWriter();
        var output = new CliOutput(new CliHost(stdout, TextWriter.Null, StdoutIsTerminal: false, new Dictionary<string, string>()));
        var longVersion = Active with { Info = Active.Info with { Version = "v10.20.30-1234-g0123456789ab-dirty-with-a-long-suffix" } };

        WorkerTable.Write(output, new WorkerList([longVersion]));

        Assert.Equal(2, stdout.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.Contains("v10.20.30-1234-g0123456789ab-dirty-with-a-long-suffix", stdout.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Empty_list_says_no_workers_found()
    {
        var stdout = new StringWriter();
        var output = new CliOutput(new CliHost(stdout, TextWriter.Null, StdoutIsTerminal: false, new Dictionary<string, string>()));

        WorkerTable.Write(output, new WorkerList([]));

        Assert.Equal("No workers found\n", stdout.ToString());
    }
}
