using System.CommandLine;
using Ampctl.Output;
using Ampctl.Output.Workers;
using Spectre.Console;

namespace Ampctl.Commands.Workers;

/// <summary>
/// <c>ampctl worker watch [--interval 2s] [--count N]</c>: polls <c>GET /workers</c> until interrupted.
/// On a terminal a table redrawn in place, ages ticking between polls; otherwise one plain snapshot per poll
/// (with <c>--json</c>: one API body per line). A failed poll is shown, never fatal. Ctrl+C (SIGINT or SIGTERM
/// for the process, the token in-process) exits 0. <c>--count N</c> stops after N polls: exit 0, or 1 when the
/// last one failed.
/// </summary>
internal static class WorkerWatchCommand
{
    public static readonly TimeSpan DefaultInterval = TimeSpan.FromSeconds(2);

    /// <summary>How often the terminal view is redrawn between polls, so ages tick.</summary>
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    public static Command Create(CliHost host)
    {
        var common = new CommonOptions(host, "Print each Admin API answer as one JSON line (errors go to stderr)");
        var interval = DurationOption.Create("--interval", "Time between polls", positive: true, DefaultInterval);
        var count = new Option<int?>("--count", "-n")
        {
            Description = "Stop after this many polls (default: until Ctrl+C)",
            HelpName = "N",
            CustomParser = result =>
            {
                var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(raw, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n) && n >= 1)
                    return n;
                result.AddError($"invalid --count '{raw}': expected a whole number of at least 1");
                return null;
            },
        };

        var command = new Command("watch", "Watch the workers: a live table on a terminal, one snapshot per interval otherwise");
        command.Options.Add(interval);
        command.Options.Add(count);
        common.AddTo(command);

        common.SetClientAction(command, async ctx =>
        {
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(ctx.Ct);
            using var interrupt = host.RegisterInterrupt?.Invoke(stop.Cancel);
            var loop = new WatchLoop(ctx, ctx.Get(interval) ?? DefaultInterval, ctx.Get(count), stop.Token);
            try
            {
                var lastFailed = host.StdoutIsTerminal && !ctx.Json
                    ? await loop.RunLiveAsync(ctx.Output.CreateLiveConsole()).ConfigureAwait(false)
                    : await loop.RunPlainAsync().ConfigureAwait(false);
                return lastFailed ? ExitCodes.Failure : ExitCodes.Ok;
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return ExitCodes.Ok;
            }
        });
        return command;
    }

    /// <summary>The polling loop of one run; both forms return whether the last poll failed.</summary>
    private sealed class WatchLoop(CommandContext ctx, TimeSpan interval, int? count, CancellationToken ct)
    {
        private readonly WatchState _state = new();
        private int _polls;

        private bool Done => count is { } n && _polls >= n;

        public async Task<bool> RunPlainAsync()
        {
            while (true)
            {
                var result = await ctx.Client.ListWorkersAsync(ct: ct).ConfigureAwait(false);
                _polls++;
                _state.Update(result, DateTimeOffset.UtcNow);
                if (!ctx.Json)
                    WatchView.WriteSnapshot(ctx.Output, _state, DateTimeOffset.UtcNow);
                else if (result.IsSuccess)
                    ctx.Output.WriteJson(result.RawJson);
                else
                    ctx.Output.Errors.Write(result.Error);
                await ctx.Output.Stdout.FlushAsync(ct).ConfigureAwait(false);
                if (Done)
                    return _state.Error is not null;
                await Task.Delay(interval, ct).ConfigureAwait(false);
            }
        }

        public async Task<bool> RunLiveAsync(IAnsiConsole console)
        {
            var lastFailed = false;
            await console.Live(WatchView.Render(_state, interval))
                .AutoClear(false)
                .Overflow(VerticalOverflow.Ellipsis)
                .StartAsync(async live =>
                {
                    try
                    {
                        lastFailed = await PollAndRedrawAsync(live).ConfigureAwait(false);
                    }
                    catch (OperationCanceledException) when (ct.IsCancellationRequested)
                    {
                        // Leave the live view normally, so Spectre restores the cursor; the caller exits 0.
                    }
                }).ConfigureAwait(false);
            ct.ThrowIfCancellationRequested();
            return lastFailed;
        }

        private async Task<bool> PollAndRedrawAsync(LiveDisplayContext live)
        {
            while (true)
            {
                var result = await ctx.Client.ListWorkersAsync(ct: ct).ConfigureAwait(false);
                _polls++;
                _state.Update(result, DateTimeOffset.UtcNow);
                Redraw(live);
                if (Done)
                    return _state.Error is not null;
                var next = DateTimeOffset.UtcNow + interval;
                for (var left = interval; left > TimeSpan.Zero; left = next - DateTimeOffset.UtcNow)
                {
                    await Task.Delay(left < Tick ? left : Tick, ct).ConfigureAwait(false);
                    Redraw(live);
                }
            }
        }

        private void Redraw(LiveDisplayContext live)
        {
            live.UpdateTarget(WatchView.Render(_state, interval));
            live.Refresh();
        }
    }
}
