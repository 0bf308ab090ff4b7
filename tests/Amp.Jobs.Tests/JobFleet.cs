using System.Net;
using System.Text;
using System.Text.Json;

namespace Amp.Jobs.Tests;

/// <summary>A fleet (controller + workers as real processes) with helpers for the /jobs API.</summary>
public class JobFleet(IReadOnlyList<string> nodeIds, IReadOnlyDictionary<string, string?>? settings = null)
    : AmpFleet(nodeIds, settings ?? DefaultSettings)
{
    /// <summary>Reconcile once a minute, so anything faster than that came through LISTEN/NOTIFY.</summary>
    public static readonly IReadOnlyDictionary<string, string?> DefaultSettings = new Dictionary<string, string?>
    {
        ["AMP_CONFIG_JOBS__RECONCILE_INTERVAL_SECS"] = "60",
    };

    public async Task<long> PostJobAsync(string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await Http.PostAsync(new Uri(AdminUrl + "/jobs"), content).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (response.StatusCode != HttpStatusCode.Accepted)
            throw new InvalidOperationException($"POST /jobs {json}: HTTP {(int)response.StatusCode} {body}");
        return JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetInt64();
    }

    public async Task<JsonElement> GetJobAsync(long id)
    {
        var r = await GetAsync($"/jobs/{id}").ConfigureAwait(false);
        return r.Status == HttpStatusCode.OK ? r.Json : throw new InvalidOperationException($"GET /jobs/{id}: {r}");
    }

    public Task<JsonElement> WaitForJobAsync(long id, Func<JsonElement, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.ValueAsync(() => GetJobAsync(id), done, $"job {id} {what}", timeout);

    public static string JobStatus(JsonElement job) => job.GetProperty("status").GetString()!;
    public static string Node(JsonElement job) => job.GetProperty("node_id").GetString()!;

    public async Task<long> CountAsync(string sql, params object[] args) => await Db.ScalarAsync<long>(sql, args).ConfigureAwait(false);
}
