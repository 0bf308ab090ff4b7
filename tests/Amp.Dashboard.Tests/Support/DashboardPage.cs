using Amp.Testing;
using PuppeteerSharp;

namespace Amp.Dashboard.Tests.Support;

/// <summary>One browser tab on the dashboard, with the reads a person makes: a region's text, a table row, a button.</summary>
public sealed class DashboardPage(IPage page, string baseUrl) : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public IPage Page { get; } = page;

    /// <summary>Opens <c>/ui/#hash</c> (or a full path such as <c>/</c>) and waits for the page's first data.</summary>
    public async Task OpenAsync(string hashOrPath)
    {
        var url = hashOrPath.StartsWith('#') ? baseUrl + "/ui/" + hashOrPath : baseUrl + hashOrPath;
        await Page.GoToAsync(url, WaitUntilNavigation.Load);
    }

    /// <summary>Follows an in-page link: changes the hash as a click would, without reloading.</summary>
    public Task GoAsync(string hash) => Page.EvaluateFunctionAsync("h => { location.hash = h; }", hash);

    public Task<string> TextAsync(string selector) =>
        Page.EvaluateFunctionAsync<string>("s => { const e = document.querySelector(s); return e ? e.innerText : ''; }", selector);

    /// <summary>The text of the row of table #tableId whose first cell is <paramref name="key"/>; empty when absent.</summary>
    public Task<string> RowTextAsync(string tableId, string key) =>
        Page.EvaluateFunctionAsync<string>("""
            (id, key) => {
              const rows = document.querySelectorAll('#' + id + ' tbody tr');
              for (const r of rows) if (r.cells[0] && r.cells[0].innerText.trim() === key) return r.innerText;
              return '';
            }
            """, tableId, key);

    /// <summary>The cells of that row, by column header.</summary>
    public Task<Dictionary<string, string>> RowAsync(string tableId, string key) =>
        Page.EvaluateFunctionAsync<Dictionary<string, string>>("""
            (id, key) => {
              const table = document.querySelector('#' + id);
              if (!table) return {};
              const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
              for (const r of table.querySelectorAll('tbody tr')) {
                if (!r.cells[0] || r.cells[0].innerText.trim() !== key) continue;
                const o = {};
                heads.forEach((hd, i) => { o[hd] = r.cells[i] ? r.cells[i].innerText.trim() : ''; });
                return o;
              }
              return {};
            }
            """, tableId, key);

    /// <summary>Every row of table #tableId, each as its cells by column header.</summary>
    public Task<Dictionary<string, string>[]> RowsAsync(string tableId) =>
        Page.EvaluateFunctionAsync<Dictionary<string, string>[]>("""
            id => {
              const table = document.querySelector('#' + id);
              if (!table || table.tagName !== 'TABLE') return [];
              const heads = [...table.querySelectorAll('thead th')].map(th => th.innerText.trim());
              return [...table.querySelectorAll('tbody tr')].filter(r => !r.querySelector('td.empty')).map(r => {
                const o = {};
                heads.forEach((hd, i) => { o[hd] = r.cells[i] ? r.cells[i].innerText.trim() : ''; });
                return o;
              });
            }
            """, tableId);

    /// <summary>The value of the fact labelled <paramref name="label"/> in the page's first <c>dl.facts</c>; empty when absent.</summary>
    public Task<string> FactAsync(string label) =>
        Page.EvaluateFunctionAsync<string>("""
            label => {
              for (const dt of document.querySelectorAll('dl.facts dt'))
                if (dt.innerText.trim() === label) return dt.nextElementSibling ? dt.nextElementSibling.innerText.trim() : '';
              return '';
            }
            """, label);

    /// <summary>
    /// What makes the page scroll sideways: the elements whose right edge passes the viewport, outside the frames
    /// that may scroll inside themselves (table frames, preformatted text). Empty when the page fits its width.
    /// </summary>
    public Task<string[]> SidewaysOverflowAsync() =>
        Page.EvaluateExpressionAsync<string[]>("""
            (() => {
              const width = document.documentElement.clientWidth;
              const out = [...document.querySelectorAll('body *')]
                .filter(e => !e.parentElement.closest('.table-wrap, pre') && e.getBoundingClientRect().right > width + 1)
                .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : '')
                  + ' right=' + Math.round(e.getBoundingClientRect().right));
              if (document.documentElement.scrollWidth > width + 1) out.push('document scrollWidth=' + document.documentElement.scrollWidth + ' > ' + width);
              return out;
            })()
            """);

    public Task<int> CountAsync(string selector) =>
        Page.EvaluateFunctionAsync<int>("s => document.querySelectorAll(s).length", selector);

    /// <summary>Waits until the text of <paramref name="selector"/> satisfies <paramref name="done"/>; returns it.</summary>
    public Task<string> WaitForTextAsync(string selector, Func<string, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => TextAsync(selector), done, what, timeout ?? Patience);

    public Task<Dictionary<string, string>> WaitForRowAsync(string tableId, string key, Func<Dictionary<string, string>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => RowAsync(tableId, key), r => r.Count > 0 && done(r), what, timeout ?? Patience);

    /// <summary>Clicks the first visible button whose text starts with <paramref name="text"/>.</summary>
    public async Task ClickButtonAsync(string text)
    {
        var clicked = await Eventually.ValueAsync(() => Page.EvaluateFunctionAsync<bool>("""
            t => {
              const b = [...document.querySelectorAll('button')].find(b => b.innerText.trim().startsWith(t) && !b.disabled && b.offsetParent !== null);
              if (!b) return false;
              b.click();
              return true;
            }
            """, text), c => c, $"a button '{text}' to click", Patience);
        Assert.True(clicked);
    }

    /// <summary>Marks the document so a test can tell later that the page was not reloaded.</summary>
    public Task MarkAsync() => Page.EvaluateExpressionAsync("window.__ampNotReloaded = true");

    public Task<bool> StillMarkedAsync() => Page.EvaluateExpressionAsync<bool>("window.__ampNotReloaded === true");

    /// <summary>Saves a PNG of the viewport (or the whole page) under AMP_DASHBOARD_SCREENSHOTS, else bin/…/screenshots.</summary>
    public async Task<string> ScreenshotAsync(string name, bool fullPage = false)
    {
        var dir = System.Environment.GetEnvironmentVariable("AMP_DASHBOARD_SCREENSHOTS") is { Length: > 0 } d ? d : Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, name + ".png");
        await Page.ScreenshotAsync(path, new ScreenshotOptions { FullPage = fullPage });
        Assert.True(new FileInfo(path).Length > 1000, $"screenshot {path} is empty");
        return path;
    }

    public async ValueTask DisposeAsync() => await Page.CloseAsync();
}
