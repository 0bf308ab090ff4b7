using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Dashboard;

public sealed record DashboardQueryResponse(
    [property: JsonPropertyName("columns")] IReadOnlyList<string> Columns,
    [property: JsonPropertyName("rows")] IReadOnlyList<JsonObject> Rows,
    [property: JsonPropertyName("row_limit")] int RowLimit,
    [property: JsonPropertyName("truncated")] bool Truncated);

/// <summary>
/// <c>POST /ui/query</c> <c>{"sql", "limit"}</c>: the dashboard's query box. Sends the SQL to the JSON Lines query
/// server (<c>[dashboard] query_url</c>) and returns at most <c>limit</c> rows, reading no further than that; the
/// server's own <c>{error_code, error_message}</c> is passed on.
/// </summary>
public static class DashboardQueryEndpoint
{
    public const int DefaultRowLimit = 100;
    public const int MaxRowLimit = 10_000;
    private const int MaxSqlLength = 100_000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private static readonly HttpClient Http = new() { Timeout = System.Threading.Timeout.InfiniteTimeSpan };

    public static void MapDashboardQueryEndpoint(this IEndpointRouteBuilder routes) =>
        routes.MapPost("/ui/query", QueryAsync).WithTags("Dashboard").WithName("DashboardQuery")
            .WithSummary("Run SQL on the query server for the dashboard; body {sql, limit (1-10000, default 100)}; rows as JSON objects")
            .Accepts<JsonObject>("application/json");

    private static async Task<Results<Ok<DashboardQueryResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> QueryAsync(
        HttpRequest request, ControllerOptions options, CancellationToken ct)
    {
        var (body, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
        if (body is null)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, bodyError ?? "the body must be a JSON object {\"sql\": \"SELECT …\", \"limit\": 100}");
        if (body["sql"] is not JsonValue sqlNode || sqlNode.GetValueKind() != JsonValueKind.String || sqlNode.GetValue<string>().Trim() is not { Length: > 0 and <= MaxSqlLength } sql)
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"sql must be a non-empty string of at most {MaxSqlLength} characters");
        var limit = DefaultRowLimit;
        if (body["limit"] is { } l && (l.GetValueKind() != JsonValueKind.Number || !l.AsValue().TryGetValue(out limit) || limit is < 1 or > MaxRowLimit))
            return ApiResults.BadRequest(ErrorCodes.InvalidBody, $"limit must be a whole number from 1 to {MaxRowLimit}");

        var url = options.Dashboard.QueryServerUrl;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            using var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(sql, Encoding.UTF8, "text/plain") };
            using var response = await Http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
                return Refused(response.StatusCode, await response.Content.ReadAsStringAsync(timeout.Token).ConfigureAwait(false));
            await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
            return await ReadRowsAsync(stream, limit, timeout.Token).ConfigureAwait(false);
        }
        catch (HttpRequestException ex)
        {
            return Unavailable(url, ex.Message);
        }
        catch (IOException ex)
        {
            return ApiResults.Error(ErrorCodes.QueryFailed, $"the query server cut its answer short ({ex.Message}): the query hit a time or memory limit; add a LIMIT or a narrower WHERE");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return Unavailable(url, $"no answer within {Timeout.TotalSeconds:0} s");
        }
    }

    private static async Task<Results<Ok<DashboardQueryResponse>, BadRequest<ApiError>, JsonHttpResult<ApiError>>> ReadRowsAsync(Stream stream, int limit, CancellationToken ct)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = new List<JsonObject>();
        var columns = new List<string>();
        var truncated = false;
        while (await reader.ReadLineAsync(ct).ConfigureAwait(false) is { } line)
        {
            if (line.Length == 0)
                continue;
            if (rows.Count == limit)
            {
                truncated = true;
                break;
            }
            JsonNode? node;
            try
            {
                node = JsonNode.Parse(line);
            }
            catch (JsonException ex)
            {
                return ApiResults.Error(ErrorCodes.QueryFailed, $"the query server sent a line that is not JSON ({ex.Message}); check that [dashboard] query_url points at a JSON Lines server");
            }
            if (node is not JsonObject row)
                return ApiResults.Error(ErrorCodes.QueryFailed, "the query server sent a line that is not a JSON object; check that [dashboard] query_url points at a JSON Lines server");
            if (row.Count == 2 && row["error_code"] is JsonValue code && row["error_message"] is JsonValue text)
                return ApiResults.Error(ErrorCodes.QueryFailed, $"{code}: {text}");
            foreach (var (key, _) in row)
                if (!columns.Contains(key))
                    columns.Add(key);
            rows.Add(row);
        }
        return TypedResults.Ok(new DashboardQueryResponse(columns, rows, limit, truncated));
    }

    private static JsonHttpResult<ApiError> Refused(HttpStatusCode status, string body)
    {
        try
        {
            if (JsonNode.Parse(body) is JsonObject { } error && error["error_code"] is JsonValue code)
                return ApiResults.Error(ErrorCodes.QueryFailed, $"{code}: {error["error_message"]}");
        }
        catch (JsonException)
        {
            // Not the query server's JSON error: reported below with its status.
        }
        var text = body.Length > 300 ? body[..300] + "…" : body;
        return ApiResults.Error(ErrorCodes.QueryFailed, $"the query server answered HTTP {(int)status}: {text}");
    }

    private static JsonHttpResult<ApiError> Unavailable(Uri url, string reason) =>
        ApiResults.Error(ErrorCodes.QueryServerUnavailable,
            $"no query server answers at {url} ({reason}); start 'ampd server' or 'ampd solo', or point [dashboard] query_url (AMP_CONFIG_DASHBOARD__QUERY_URL) at its JSON Lines address");
}
