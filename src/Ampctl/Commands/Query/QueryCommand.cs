using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using Ampctl.Output;
using Ampctl.Output.Query;

namespace Ampctl.Commands.Query;

/// <summary>
/// <c>ampctl query "&lt;sql&gt;"</c>: runs one SQL statement on the query server's JSON Lines endpoint
/// (<c>--query-url</c>, env <c>AMP_QUERY_URL</c>, default http://127.0.0.1:1603) and prints a table, or
/// <c>--format json|jsonl|csv</c>. <c>--limit N</c> stops after N rows (the rest of the stream is abandoned, which ends
/// the query on the server). A query still running after 2 s reports its progress on stderr every 2 s.
/// </summary>
internal static class QueryCommand
{
    private static readonly TimeSpan ProgressEvery = TimeSpan.FromSeconds(2);

    public static Command Create(CliHost host)
    {
        var sql = new Argument<string>("sql") { Description = "One SQL SELECT statement, e.g. \"select count(*) from anvil_rpc.blocks\"" };
        var url = new Option<string>("--query-url")
        {
            Description = $"JSON Lines query server URL [env: {JsonlQueryClient.UrlEnv}]",
            HelpName = "URL",
            DefaultValueFactory = _ => host.GetEnvNonEmpty(JsonlQueryClient.UrlEnv) ?? JsonlQueryClient.DefaultUrl,
        };
        var format = new Option<string>("--format", "-f")
        {
            Description = "Output format: table (default), json (one array), jsonl (rows as the server sends them), csv",
            HelpName = "FORMAT",
            DefaultValueFactory = _ => "table",
        };
        format.AcceptOnlyFromAmong("table", "json", "jsonl", "csv");
        var limit = new Option<long?>("--limit") { Description = "Print at most this many rows", HelpName = "N" };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long?>() is < 1)
                r.AddError("--limit must be at least 1");
        });
        var token = new Option<string?>("--auth-token") { Description = $"Bearer token for a gateway in front of the query server [env: {CommonOptions.AuthTokenEnv}]", HelpName = "TOKEN" };
        var command = new Command("query", "Run SQL on the query server (JSON Lines endpoint) and print the rows") { sql, url, format, limit, token };
        command.SetAction((parsed, ct) => RunAsync(host, parsed.GetValue(sql)!, parsed.GetValue(url)!, parsed.GetResult(url) is { Implicit: false },
            Enum.Parse<QueryFormat>(parsed.GetValue(format)!, ignoreCase: true), parsed.GetValue(limit),
            parsed.GetValue(token) is { Length: > 0 } t ? t : host.GetEnvNonEmpty(CommonOptions.AuthTokenEnv), ct));
        return command;
    }

    private static async Task<int> RunAsync(CliHost host, string sql, string rawUrl, bool urlFromOption, QueryFormat format, long? limit, string? token, CancellationToken ct)
    {
        var output = new CliOutput(host);
        if (!Uri.TryCreate(rawUrl.Trim(), UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
        {
            output.Errors.Write($"invalid {(urlFromOption ? "--query-url" : JsonlQueryClient.UrlEnv)} '{rawUrl}': must be an absolute http:// or https:// URL, e.g. {JsonlQueryClient.DefaultUrl}");
            return ExitCodes.Usage;
        }
        using var client = new JsonlQueryClient(url, token);
        var clock = Stopwatch.StartNew();
        var writer = new QueryResultWriter(host.Stdout, format);
        using var progressStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var progress = ReportProgressAsync(output.Errors, writer, clock, progressStop.Token);
        try
        {
            QueryResponse answer;
            try
            {
                answer = await client.SendAsync(sql, ct).ConfigureAwait(false);
            }
            catch (HttpRequestException ex)
            {
                output.Errors.Write($"cannot reach the query server at {url}: {ex.Message}");
                output.Errors.WriteCause($"start 'ampd server' or 'ampd solo', or point --query-url / {JsonlQueryClient.UrlEnv} at its jsonl_addr");
                return ExitCodes.Failure;
            }
            switch (answer)
            {
                case QueryResponse.Failed failed:
                    output.Errors.Write($"{failed.ErrorMessage} ({failed.ErrorCode})");
                    return ExitCodes.Failure;
                case QueryResponse.Rows rows:
                    using (rows.Response)
                    {
                        try
                        {
                            await foreach (var line in JsonlQueryClient.ReadLinesAsync(rows.Response, ct).ConfigureAwait(false))
                            {
                                writer.Add(line);
                                if (writer.Count >= limit)
                                    break;
                            }
                        }
                        catch (QueryStreamEndedException ex)
                        {
                            writer.Finish();
                            output.Errors.Write(string.Create(CultureInfo.InvariantCulture, $"the query failed after {writer.Count} rows: {ex.Message}"));
                            return ExitCodes.Failure;
                        }
                    }
                    writer.Finish();
                    return ExitCodes.Ok;
                default:
                    throw new InvalidOperationException($"unknown answer {answer}");
            }
        }
        finally
        {
            await progressStop.CancelAsync().ConfigureAwait(false);
            await progress.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    private static async Task ReportProgressAsync(ErrorWriter errors, QueryResultWriter writer, Stopwatch clock, CancellationToken ct)
    {
        using var timer = new PeriodicTimer(ProgressEvery);
        while (await timer.WaitForNextTickAsync(ct).ConfigureAwait(false))
        {
            var rows = writer.Count;
            errors.WriteProgress(string.Create(CultureInfo.InvariantCulture,
                $"{(rows == 0 ? "waiting for the first row" : $"{rows:N0} rows")} after {clock.Elapsed.TotalSeconds:F0} s"));
        }
    }
}
