using System.Text;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.DocumentedScripts;

/// <summary>
/// Every workflow of docs/**/*.md, extracted from the doc (<see cref="DocWorkflows"/> holds the convention) and run as
/// written in one bash shell per doc, in a fresh working directory, against a real fleet: <c>ampd solo</c> on its own
/// amp dir, anvil where the doc extracts data, and the extra workers the doc's fleet has. The only changes are those a
/// test needs to share the machine, as in <see cref="ReadmeQuickStartTests"/>: the built ampd and ampctl first on
/// PATH, the amp dir from AMP_DIR, solo's port from AMP_CONFIG_ADMIN_API_ADDR and ampctl's from AMP_ADMIN_URL, and in
/// the commands <c>localhost:1610</c> becomes that port, <c>localhost:1603</c> solo's JSON Lines port and <c>http://localhost:8545</c> anvil's URL.
/// </summary>
public sealed class DocsWorkflowTests
{
    /// <summary>The fleet each run doc is written against.</summary>
    private enum Fleet
    {
        /// <summary>No server: the doc's commands start what they need.</summary>
        None,

        /// <summary><c>ampd solo</c> alone: its embedded worker <c>worker</c>.</summary>
        Solo,

        /// <summary><c>ampd solo</c> and anvil with a short chain of transfers and logs.</summary>
        SoloAndAnvil,

        /// <summary><c>ampd solo</c> plus <c>worker-01</c> and <c>worker-02</c> joined through the amp dir.</summary>
        SoloAndTwoWorkers,
    }

    private static readonly Dictionary<string, Fleet> RunDocs = new(StringComparer.Ordinal)
    {
        ["datasets.md"] = Fleet.SoloAndAnvil,
        ["extraction.md"] = Fleet.SoloAndAnvil,
        ["jobs.md"] = Fleet.Solo,
        ["operations.md"] = Fleet.SoloAndTwoWorkers,
        ["query.md"] = Fleet.SoloAndAnvil,
        ["workers.md"] = Fleet.None,
    };

    [Fact]
    public void Every_doc_with_a_workflow_is_run_or_says_why_not()
    {
        var docs = Directory.GetFiles(DocWorkflows.DocsDirectory, "*.md", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(DocWorkflows.DocsDirectory, path).Replace('\\', '/'))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Contains("extraction.md", docs);
        Assert.Contains("monitoring/README.md", docs); // docs in subfolders are held to the convention too
        foreach (var doc in docs)
        {
            var excluded = DocWorkflows.DocExclusion(doc!);
            var commands = DocWorkflows.Commands(doc!);
            if (excluded is not null)
            {
                Assert.False(RunDocs.ContainsKey(doc!), $"{doc} is marked doc-not-run ({excluded}) but this test runs it");
                Assert.True(excluded.Length > 0, $"{doc}: a doc-not-run marker must give its reason");
            }
            else if (commands.Count > 0)
            {
                Assert.True(RunDocs.ContainsKey(doc!), $"docs/{doc} has {commands.Count} runnable commands (first: {commands[0]}); run it here, or mark each such block <!-- not-run: reason --> or the doc <!-- doc-not-run: reason --> (README.md, \"Docs are run\")");
            }
        }
    }

    [Fact]
    public void The_convention_extracts_commands_continuations_and_shown_failures()
    {
        var ops = DocWorkflows.Commands("operations.md");
        Assert.Contains(ops, c => c.Text.StartsWith("export AMP_ADMIN_URL=", StringComparison.Ordinal) && c.ShownFailureCodes.Count == 0);
        // A command that the doc shows failing with `echo $?` expects that code.
        Assert.Contains(ops, c => c.Text == "ampctl worker health --threshold 5s" && c.ShownFailureCodes.SequenceEqual([1, 0]));
        // A jq program over several lines is one command.
        Assert.Contains(ops, c => c.Text.StartsWith("ampctl worker inspect worker-01 --json | jq -r '\n", StringComparison.Ordinal));
        var datasets = DocWorkflows.Commands("datasets.md");
        Assert.Contains(datasets, c => c.Text == "cat provider.toml" && c.FileContent!.Contains("kind = \"evm-rpc\"", StringComparison.Ordinal));
        Assert.Contains(datasets, c => c.Text.StartsWith("ampctl provider register bad", StringComparison.Ordinal) && c.ShownFailureCodes.SequenceEqual([1, 2]));
        Assert.DoesNotContain(DocWorkflows.Commands("query.md"), c => c.Text.Length == 0);
    }

    [Fact]
    public void Readme_sections_give_their_sh_lines_and_skip_a_block_marked_not_run()
    {
        var setUp = ReadmeCommands.Section("Set-up");
        Assert.StartsWith("./setup.sh", setUp[0], StringComparison.Ordinal);
        Assert.Single(setUp, ReadmeCommands.StartsServer);
        Assert.Empty(ReadmeCommands.Section("Tests")); // ./test.sh is the test command itself: marked not-run
    }

    [Fact]
    public Task Datasets_md_runs_as_written() => RunAsync("datasets.md");

    [Fact]
    public Task Extraction_md_runs_as_written() => RunAsync("extraction.md");

    [Fact]
    public Task Jobs_md_runs_as_written() => RunAsync("jobs.md");

    [Fact]
    public Task Query_md_runs_as_written() => RunAsync("query.md");

    [Fact]
    public Task Workers_md_runs_as_written() => RunAsync("workers.md");

    [Fact]
    public Task Operations_md_runs_as_written() => RunAsync("operations.md");

    private static async Task RunAsync(string doc)
    {
        Assert.Null(DocWorkflows.DocExclusion(doc));
        var commands = DocWorkflows.Commands(doc);
        Assert.NotEmpty(commands);
        var fleet = RunDocs[doc];

        var work = Directory.CreateTempSubdirectory("amp-doc-").FullName;
        var bin = Path.Combine(work, ".bin");
        Directory.CreateDirectory(bin);
        foreach (var (name, path) in new[] { ("ampd", Binaries.Ampd), ("ampctl", Binaries.Ampctl) })
        {
            var wrapper = Path.Combine(bin, name);
            await File.WriteAllTextAsync(wrapper, $"#!/bin/sh\nexec '{path}' \"$@\"\n");
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var ampDir = SoloRun.NewAmpDir();
        var port = Ports.Free();
        var (jsonlPort, flightPort) = (Ports.Free(), Ports.Free());
        var servers = new Dictionary<string, string?>
        {
            ["AMP_CONFIG_ADMIN_API_ADDR"] = $"127.0.0.1:{port}",
            ["AMP_CONFIG_JSONL_ADDR"] = $"127.0.0.1:{jsonlPort}",
            ["AMP_CONFIG_FLIGHT_ADDR"] = $"127.0.0.1:{flightPort}",
        };
        var env = new Dictionary<string, string?>(servers)
        {
            ["PATH"] = bin + ":" + (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin:/bin"),
            ["AMP_DIR"] = ampDir,
            ["AMP_ADMIN_URL"] = $"http://127.0.0.1:{port}",
            ["AMP_QUERY_URL"] = $"http://127.0.0.1:{jsonlPort}",
            ["LC_ALL"] = "C.UTF-8",
            ["TZ"] = "UTC",
        };
        Anvil? anvil = null;
        SoloRun? solo = null;
        var workers = new List<AmpProcess>();
        try
        {
            if (fleet != Fleet.None)
            {
                solo = SoloRun.Start(ampDir, servers);
                if (fleet == Fleet.SoloAndAnvil)
                {
                    anvil = await Anvil.StartAsync();
                    await AnvilChain.GenerateAsync(anvil, 150);
                }
                await solo.WaitListeningAsync();
                if (fleet == Fleet.SoloAndTwoWorkers)
                {
                    foreach (var id in new[] { "worker-01", "worker-02" })
                        workers.Add(AmpProcess.Start(Binaries.Ampd, ["worker", "--node-id", id, "--amp-dir", ampDir], env));
                    await Eventually.ValueAsync(() => AmpFleet.RunAmpctlAsync(["worker", "health", "--admin-url", $"http://127.0.0.1:{port}"]), r => r.ExitCode == 0 && r.Stdout.Contains("worker-02", StringComparison.Ordinal),
                        "solo's worker, worker-01 and worker-02 to be healthy", TimeSpan.FromSeconds(90));
                }
            }

            string Substitute(string text)
            {
                text = text.Replace("localhost:1610", $"127.0.0.1:{port}", StringComparison.Ordinal)
                    .Replace("127.0.0.1:1610", $"127.0.0.1:{port}", StringComparison.Ordinal)
                    .Replace("localhost:1603", $"127.0.0.1:{jsonlPort}", StringComparison.Ordinal)
                    .Replace("127.0.0.1:1603", $"127.0.0.1:{jsonlPort}", StringComparison.Ordinal);
                return anvil is null ? text : text.Replace("http://localhost:8545", anvil.HttpUrl.ToString().TrimEnd('/'), StringComparison.Ordinal);
            }

            var script = Path.Combine(work, ".doc.sh");
            await File.WriteAllTextAsync(script, DocWorkflows.Script(commands, Substitute));
            await using var bash = AmpProcess.Start("/usr/bin/setsid", ["/bin/bash", script], env, work);
            var exit = "timed out after 6 minutes";
            try
            {
                exit = (await bash.WaitForExitAsync(TimeSpan.FromMinutes(6))).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (TimeoutException)
            {
                // reported below as the command that did not end
            }
            finally
            {
                Signals.Send(-bash.Pid, Signals.SIGKILL); // whatever the doc left running in the background
            }

            // The transcript of the last run, for refreshing the output a doc shows.
            await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), $"amp-doc-run-{doc}.txt"), bash.Stdout);
            var results = DocWorkflows.Results(bash.Stdout, commands.Count);
            var failures = new StringBuilder();
            for (var i = 0; i < commands.Count; i++)
            {
                if (i >= results.Count)
                {
                    failures.Append("never ran: ").Append(commands[i]).Append('\n');
                    break;
                }
                var (code, output) = results[i];
                if (code is null)
                    failures.Append("did not end: ").Append(commands[i]).Append('\n').Append(output).Append('\n');
                else if (!commands[i].Accepts(code.Value))
                    failures.Append("exit ").Append(code).Append(" (the doc shows ")
                        .Append(commands[i].ShownFailureCodes.Count == 0 ? "success" : "exit " + string.Join(" or ", commands[i].ShownFailureCodes))
                        .Append("): ").Append(commands[i]).Append('\n').Append(output).Append('\n');
            }
            Assert.True(failures.Length == 0, $"docs/{doc} does not run as written (bash exit {exit}):\n{failures}");
        }
        finally
        {
            foreach (var worker in workers)
            {
                worker.Signal(Signals.SIGTERM);
                await worker.DisposeAsync();
            }
            if (solo is not null)
                await solo.DisposeAsync();
            SoloRun.CleanUp(ampDir);
            if (anvil is not null)
                await anvil.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }
}
