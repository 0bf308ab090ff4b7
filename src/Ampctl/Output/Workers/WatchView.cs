using Amp.AdminClient.Workers;
using Amp.Core.Time;
using Amp.Core.Workers;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Ampctl.Output.Workers;

/// <summary>
/// The two forms of <c>ampctl worker watch</c>: a view redrawn in place on a terminal (<see cref="Render"/>),
/// and plain snapshots, one per poll, when stdout is a pipe or a file (<see cref="WriteSnapshot"/>).
/// </summary>
internal static class WatchView
{
    /// <summary><c>3 workers (2 active, 0 stalled, 1 inactive; 1 draining)</c>.</summary>
    public static string Counts(IReadOnlyList<Worker> workers)
    {
        var (active, stalled, inactive, draining) = Count(workers);
        var noun = workers.Count == 1 ? "worker" : "workers";
        return $"{workers.Count} {noun} ({active} active, {stalled} stalled, {inactive} inactive; {draining} draining)";
    }

    /// <summary>
    /// One plain snapshot: <c>2026-11-29T18:25:01Z  3 workers (…)</c>, the table, a blank line. A failed poll
    /// is a snapshot too: the time and the error.
    /// </summary>
    public static void WriteSnapshot(CliOutput output, WatchState state, DateTimeOffset at)
    {
        var stamp = Rfc3339.Format(at);
        if (state.Error is { } error)
        {
            output.WriteText($"{stamp}  {Marks.Fail(output.UseColour)} {ErrorWriter.Describe(error)}\n\n");
            return;
        }
        var workers = state.Workers?.Workers ?? [];
        output.WriteText($"{stamp}  {Counts(workers)}\n");
        if (workers.Count == 0)
            output.WriteText(WorkerTable.Empty + "\n");
        else
            output.Write(WorkerTable.Build(workers, drainingColumn: true));
        output.WriteText("\n");
    }

    /// <summary>
    /// The live view: counts, then when it was refreshed and how often; the table with ages ticking; the error of
    /// the latest poll, if it failed, under the last good table.
    /// </summary>
    public static IRenderable Render(WatchState state, TimeSpan interval)
    {
        var rows = new List<IRenderable>();
        var every = Durations.FormatExact(interval);
        if (state.Workers is not { } list)
        {
            rows.Add(new Markup("[bold]Workers[/]"));
            rows.Add(new Markup($"[grey]every {every}  ·  Ctrl+C to quit[/]"));
            rows.Add(Text.Empty);
            rows.Add(new Text(state.Error is null ? "Waiting for the Admin API…" : "No answer from the Admin API yet"));
        }
        else
        {
            rows.Add(new Markup($"[bold]Workers[/] {CountsMarkup(list.Workers)}"));
            rows.Add(new Markup($"[grey]refreshed {Rfc3339.Format(state.RefreshedAt!.Value)}  ·  every {every}  ·  Ctrl+C to quit[/]"));
            rows.Add(Text.Empty);
            rows.Add(list.Workers.Count == 0 ? new Text(WorkerTable.Empty) : WorkerTable.Build(list.Workers, state.SinceFetch, drainingColumn: true));
        }
        if (state.Error is { } error)
        {
            rows.Add(Text.Empty);
            var at = Rfc3339.Format(state.FailedAt!.Value);
            var kept = state.Workers is null ? "" : "; showing the last answer";
            rows.Add(new Text($"✗ {ErrorWriter.Describe(error)} (at {at}{kept})", new Style(Color.Red)));
        }
        return new Rows(rows);
    }

    private static string CountsMarkup(IReadOnlyList<Worker> workers)
    {
        var (active, stalled, inactive, draining) = Count(workers);
        return $"{workers.Count} ([green]{active} active[/], [yellow]{stalled} stalled[/], [red]{inactive} inactive[/]; {draining} draining)";
    }

    private static (int Active, int Stalled, int Inactive, int Draining) Count(IReadOnlyList<Worker> workers) =>
        (workers.Count(w => w.Status == WorkerStatus.Active),
         workers.Count(w => w.Status == WorkerStatus.Stalled),
         workers.Count(w => w.Status == WorkerStatus.Inactive),
         workers.Count(w => w.IsDraining));
}
