using Amp.Dashboard.Tests.Support;
using Amp.Testing;

namespace Amp.Dashboard.Tests;

/// <summary>The fleet and worker pages against a real solo fleet, read as an operator reads them.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class FleetPageTests(TokenFleet fleet)
{
    [Fact]
    public async Task Root_redirects_to_the_fleet_page_which_lists_workers_with_status_version_and_counts()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("/");
        Assert.EndsWith("/ui/", new Uri(tab.Page.Url).GetLeftPart(UriPartial.Path), StringComparison.Ordinal);

        var row = await tab.WaitForRowAsync("workers", "worker", r => r["Status"].Contains("active", StringComparison.Ordinal), "solo's worker to be listed active");
        var version = (await fleet.GetJsonAsync("/workers/worker")).GetProperty("info").GetProperty("version").GetString()!;
        Assert.Equal(version, row["Version"]);
        Assert.Matches(@"^\d+ ms ago$|^\d+s ago$", row["Last heartbeat"]);
        Assert.Equal("—", row["Drain / retire"]);
        var counts = await tab.TextAsync("#fleet-counts");
        Assert.Contains("active", counts, StringComparison.Ordinal);
        Assert.Contains("workers", counts, StringComparison.Ordinal);
        Assert.Contains(version, await tab.TextAsync(".versions"), StringComparison.Ordinal);
        Assert.Equal("Fleet", await tab.TextAsync("h1"));

        // At 1280×800 the whole workers table shows: neither the page nor the table's frame scrolls sideways.
        Assert.Empty(await tab.SidewaysOverflowAsync());
        Assert.True(await tab.Page.EvaluateExpressionAsync<bool>("(() => { const f = document.querySelector('#workers').closest('.table-wrap'); return f.scrollWidth <= f.clientWidth; })()"),
            "the workers table scrolls sideways in its frame at 1280×800");
        await tab.ScreenshotAsync("fleet");
    }

    [Fact]
    public async Task Heartbeat_age_updates_without_reload()
    {
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/fleet");
        var first = await tab.WaitForRowAsync("workers", "worker", _ => true, "the worker row");
        await tab.MarkAsync();
        await tab.WaitForRowAsync("workers", "worker", r => r["Last heartbeat"] != first["Last heartbeat"] || r["Uptime"] != first["Uptime"],
            "the heartbeat age or uptime to change on the page");
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
    }

    [Fact]
    public async Task A_frozen_worker_turns_stalled_then_inactive_and_a_killed_one_inactive_on_the_page_without_reload()
    {
        var frozen = fleet.StartWorker("frozen");
        var doomed = fleet.StartWorker("doomed");
        await fleet.WaitForWorkerStatusAsync("frozen", "active");
        await fleet.WaitForWorkerStatusAsync("doomed", "active");
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/fleet");
        await tab.WaitForRowAsync("workers", "frozen", r => r["Status"] == "● active", "frozen to show ● active");
        await tab.WaitForRowAsync("workers", "doomed", r => r["Status"] == "● active", "doomed to show ● active");
        await tab.MarkAsync();

        // A hung process keeps its lock but stops beating: stalled after the active threshold (3 s), then inactive (8 s).
        frozen.Signal(Signals.SIGSTOP);
        try
        {
            await tab.WaitForRowAsync("workers", "frozen", r => r["Status"] == "◐ stalled", "frozen to show ◐ stalled");
            await tab.ScreenshotAsync("fleet-stalled");
            var inactive = await tab.WaitForRowAsync("workers", "frozen", r => r["Status"] == "○ inactive", "frozen to show ○ inactive");
            Assert.Equal("—", inactive["Uptime"]);
        }
        finally
        {
            frozen.Kill9();
        }

        // A killed process loses its lock with its connection: inactive at once (docs/workers.md#liveness).
        doomed.Kill9();
        await tab.WaitForRowAsync("workers", "doomed", r => r["Status"] == "○ inactive", "doomed to show ○ inactive after its kill");
        Assert.True(await tab.StillMarkedAsync(), "the page reloaded");
        Assert.Matches(@"[2-9] inactive|\d\d+ inactive", await tab.TextAsync("#fleet-counts"));
    }

    [Fact]
    public async Task Worker_page_shows_incarnations_and_a_refused_duplicate_start()
    {
        fleet.StartWorker("steady");
        await fleet.WaitForWorkerStatusAsync("steady", "active");
        var duplicate = fleet.StartWorker("steady");
        await duplicate.WaitForExitAsync(TimeSpan.FromSeconds(60));
        Assert.NotEqual(0, duplicate.ExitCode);

        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/workers/steady");
        var refused = await tab.WaitForTextAsync("#duplicate-starts", t => t.Contains("\t" + duplicate.Pid.ToString(System.Globalization.CultureInfo.InvariantCulture) + "\t", StringComparison.Ordinal),
            "the refused start's PID in the duplicate starts table");
        Assert.DoesNotContain("No refused starts", refused, StringComparison.Ordinal);
        var epoch = (await fleet.GetJsonAsync("/workers/steady")).GetProperty("epoch").GetInt64();
        var incarnation = await tab.WaitForRowAsync("incarnations", epoch.ToString(System.Globalization.CultureInfo.InvariantCulture), _ => true, "the running incarnation");
        Assert.Equal("running", incarnation["End reason"]);
        Assert.Contains("● active", await tab.TextAsync("dl.facts"), StringComparison.Ordinal);
        await tab.ScreenshotAsync("worker", fullPage: true);
    }

    [Fact]
    public async Task Pages_work_by_keyboard_and_at_phone_width()
    {
        await using var tab = await fleet.NewPageAsync(390, 844);
        await tab.OpenAsync("#/fleet");
        await tab.WaitForRowAsync("workers", "worker", _ => true, "the worker row at phone width");
        var overflow = await tab.Page.EvaluateExpressionAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        Assert.False(overflow, "the page scrolls sideways at 390 px; only tables may scroll inside their frame");
        await tab.ScreenshotAsync("fleet-phone");

        // The skip link is the first stop and shows itself when focused; then the brand and the main navigation.
        await tab.Page.EvaluateExpressionAsync("document.querySelector('.skip').focus()");
        Assert.True(await tab.Page.EvaluateExpressionAsync<bool>("document.querySelector('.skip').getBoundingClientRect().left >= 0"), "the focused skip link stays off screen");
        var visited = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            visited.Add(await tab.Page.EvaluateExpressionAsync<string>("document.activeElement.innerText.trim()"));
        }
        Assert.Equal(["Amp", "Fleet", "Jobs"], visited);
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.WaitForTextAsync("h1", t => t == "Jobs", "Enter on Jobs to open the jobs page");
        Assert.Equal("MAIN", await tab.Page.EvaluateExpressionAsync<string>("document.activeElement.tagName"));
    }

    [Fact]
    public async Task An_action_can_be_done_by_keyboard_alone_and_focus_stays_put_across_live_refreshes()
    {
        fleet.StartWorker("keyed");
        await fleet.WaitForWorkerStatusAsync("keyed", "active");
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/workers/keyed");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("● active", StringComparison.Ordinal), "the worker page");
        await tab.WaitForTextAsync(".actions", t => t.Contains("Drain…", StringComparison.Ordinal), "the drain action");

        // Tab from the top of the page to Drain…, Enter, then Enter on the confirmation that takes the focus.
        var stops = new List<string>();
        while (stops.Count < 40 && (stops.Count == 0 || stops[^1] != "Drain…"))
        {
            await tab.Page.Keyboard.PressAsync("Tab");
            stops.Add(await FocusedTextAsync(tab));
        }
        Assert.True(stops[^1] == "Drain…", "Tab never reached Drain…: " + string.Join(" | ", stops));
        await tab.Page.Keyboard.PressAsync("Enter");
        Assert.Equal("Confirm drain", await FocusedTextAsync(tab));
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.WaitForTextAsync(".action-status", t => t.Contains("Drain requested", StringComparison.Ordinal), "the drain's outcome");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await fleet.GetJsonAsync("/workers/keyed")).GetProperty("draining_since").ValueKind);
        // Focus moves on to the next action rather than back to the top of the page.
        Assert.Equal("Undrain…", await FocusedTextAsync(tab));

        // Each live refresh re-draws the page; the focus follows to the re-drawn button.
        await tab.Page.EvaluateExpressionAsync("window.__focusedBefore = document.activeElement");
        await Eventually.UntilAsync(() => tab.Page.EvaluateExpressionAsync<bool>("!window.__focusedBefore.isConnected"), "a live refresh to re-draw the actions", DashboardPage.Patience);
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("draining (acknowledged)", StringComparison.Ordinal), "the acknowledged drain after refreshes");
        Assert.Equal("Undrain…", await FocusedTextAsync(tab));
        Assert.Equal("BUTTON", await tab.Page.EvaluateExpressionAsync<string>("document.activeElement.tagName"));

        // Undrain by keyboard too, so the worker takes jobs again.
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.WaitForTextAsync(".action-status", t => t.Contains("takes jobs again", StringComparison.Ordinal), "the undrain's outcome");
    }

    private static Task<string> FocusedTextAsync(DashboardPage tab) =>
        tab.Page.EvaluateExpressionAsync<string>("document.activeElement ? document.activeElement.innerText.trim() : ''");
}
