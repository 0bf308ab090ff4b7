using System.Net;
using Amp.Dashboard.Tests.Support;

namespace Amp.Dashboard.Tests;

/// <summary>With an auth token: signing in, the worker actions, and that another site's page cannot drive them.</summary>
[Collection(TokenFleetCollection.Name)]
public sealed class ActionTests(TokenFleet fleet)
{
    [Fact]
    public async Task Sign_in_refuses_a_wrong_token_and_accepts_the_right_one()
    {
        await using var tab = await fleet.NewPageAsync(signedIn: false);
        await tab.OpenAsync("#/fleet");
        await tab.WaitForTextAsync("h1", t => t == "Sign in", "the sign-in form");
        Assert.Equal(HttpStatusCode.Unauthorized, (await new HttpClient().GetAsync(new Uri(fleet.BaseUrl + "/workers"))).StatusCode);

        await tab.Page.TypeAsync("#token", "not-the-token");
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.WaitForTextAsync("main [role=alert]", t => t.Contains("not the Admin API's auth token", StringComparison.Ordinal), "the wrong token to be refused");
        await tab.ScreenshotAsync("sign-in");

        await tab.Page.TypeAsync("#token", TokenFleet.SecretToken);
        await tab.Page.Keyboard.PressAsync("Enter");
        await tab.WaitForRowAsync("workers", "worker", _ => true, "the fleet after signing in");
        Assert.Contains("Actions enabled", await tab.TextAsync("#mode"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Drain_and_undrain_from_the_worker_page_change_the_worker()
    {
        fleet.StartWorker("drainee");
        await fleet.WaitForWorkerStatusAsync("drainee", "active");
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/workers/drainee");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("● active", StringComparison.Ordinal), "the worker page");

        await tab.ClickButtonAsync("Drain…");
        await tab.ClickButtonAsync("Confirm drain");
        await tab.WaitForTextAsync(".action-status", t => t.Contains("Drain requested", StringComparison.Ordinal), "the drain's outcome");
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await fleet.GetJsonAsync("/workers/drainee")).GetProperty("draining_since").ValueKind);
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("draining (acknowledged)", StringComparison.Ordinal), "the worker to acknowledge the drain on the page");
        await tab.ScreenshotAsync("worker-draining");

        await tab.ClickButtonAsync("Undrain…");
        await tab.ClickButtonAsync("Confirm undrain");
        await tab.WaitForTextAsync(".action-status", t => t.Contains("takes jobs again", StringComparison.Ordinal), "the undrain's outcome");
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await fleet.GetJsonAsync("/workers/drainee")).GetProperty("draining_since").ValueKind);
    }

    [Fact]
    public async Task Retire_is_offered_only_for_an_inactive_worker_and_retiring_one_marks_it_retired()
    {
        var retiree = fleet.StartWorker("retiree");
        await fleet.WaitForWorkerStatusAsync("retiree", "active");
        await using var tab = await fleet.NewPageAsync();
        await tab.OpenAsync("#/workers/retiree");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("● active", StringComparison.Ordinal), "the worker page");

        // The Admin API refuses to retire a worker whose process runs (409 WORKER_ACTIVE), so the page says so instead.
        var actions = await tab.WaitForTextAsync(".actions", t => t.Contains("Retire", StringComparison.Ordinal), "the retire action");
        Assert.Contains("Only an inactive worker can be retired: retiree is active; stop its process first (SIGTERM).", actions, StringComparison.Ordinal);
        Assert.True(await RetireDisabledAsync(tab), "Retire… is clickable on an active worker");

        retiree.Signal(Amp.Testing.Signals.SIGTERM);
        await retiree.WaitForExitAsync(TimeSpan.FromSeconds(60));
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("○ inactive", StringComparison.Ordinal), "the stopped worker to show ○ inactive");
        await Amp.Testing.Eventually.UntilAsync(async () => !await RetireDisabledAsync(tab), "Retire… to become clickable", Support.DashboardPage.Patience);
        Assert.DoesNotContain("Only an inactive worker", await tab.TextAsync(".actions"), StringComparison.Ordinal);

        await tab.ClickButtonAsync("Retire…");
        await tab.ClickButtonAsync("Confirm retire");
        await tab.WaitForTextAsync(".action-status", t => t.Contains("retiree is retired", StringComparison.Ordinal), "the retire's outcome");
        await tab.WaitForTextAsync("dl.facts", t => t.Contains("retired", StringComparison.Ordinal), "the worker marked retired on the page");
        Assert.Equal("retired", await tab.FactAsync("Drain / retire"));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, (await fleet.GetJsonAsync("/workers/retiree")).GetProperty("retired_at").ValueKind);
        Assert.Equal(0, await tab.Page.EvaluateExpressionAsync<int>("[...document.querySelectorAll('.actions button')].filter(b => b.innerText.startsWith('Retire')).length"));
        await tab.ScreenshotAsync("worker-retired");
    }

    private static Task<bool> RetireDisabledAsync(Support.DashboardPage tab) =>
        tab.Page.EvaluateExpressionAsync<bool>("(() => { const b = [...document.querySelectorAll('.actions button')].find(b => b.innerText.trim() === 'Retire…'); return !b || b.disabled; })()");

    [Fact]
    public async Task A_page_of_another_origin_cannot_drain_a_worker_even_while_the_dashboard_is_signed_in()
    {
        fleet.StartWorker("target");
        await fleet.WaitForWorkerStatusAsync("target", "active");
        await using var dashboard = await fleet.NewPageAsync();
        await dashboard.OpenAsync("#/fleet");
        await dashboard.WaitForRowAsync("workers", "target", _ => true, "the signed-in dashboard");

        // Another origin (localhost is not 127.0.0.1 to a browser) sends what a form could: no token rides along,
        // since the dashboard keeps it in its own tab's session storage, never in a cookie.
        await using var other = await fleet.NewPageAsync(signedIn: false);
        await other.Page.GoToAsync($"http://localhost:{fleet.Port}/healthz");
        var statuses = await other.Page.EvaluateFunctionAsync<int[]>("""
            async (url) => {
              const simple = await fetch(url, { method: 'POST', mode: 'no-cors', body: 'x', headers: { 'Content-Type': 'text/plain' } })
                .then(r => r.status, () => -1);
              const withToken = await fetch(url, { method: 'POST', headers: { Authorization: 'Bearer guess', 'Content-Type': 'application/json' }, body: '{}' })
                .then(r => r.status, () => -1);
              return [simple, withToken];
            }
            """, $"http://127.0.0.1:{fleet.Port}/workers/target/drain");
        Assert.Equal(0, statuses[0]);   // an opaque answer: the request was refused (401) without the page seeing it
        Assert.Equal(-1, statuses[1]);  // a header that needs a CORS preflight, which the Admin API never grants
        Assert.Equal(System.Text.Json.JsonValueKind.Null, (await fleet.GetJsonAsync("/workers/target")).GetProperty("draining_since").ValueKind);

        // Even with the token, a state change from a foreign Origin is refused.
        using var forged = new HttpRequestMessage(HttpMethod.Post, $"{fleet.BaseUrl}/workers/target/drain");
        forged.Headers.Add("Origin", "http://evil.example");
        var response = await fleet.Http.SendAsync(forged);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("CROSS_SITE_REQUEST", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
