using System.Net;
using System.Text;
using System.Text.Json;

namespace Amp.Chaos.Tests.Chaos;

/// <summary>
/// Submits diagnostic sleep jobs evenly over a period, as a client would during an outage: a 503 or a refused
/// connection is retried until the controller takes the job. Each job carries an idempotency key, so a retry
/// after a lost answer cannot create it twice. Any other answer fails the run.
/// </summary>
public sealed class JobStream(AmpFleet fleet, Random random, RunClock clock, Action<string> log)
{
    private static readonly TimeSpan SubmitTimeout = TimeSpan.FromSeconds(60);

    private readonly List<long> _ids = [];

    public IReadOnlyList<long> Ids => _ids;

    /// <summary>Answers that were retried: 503 while PostgreSQL was down or no worker was active, refused connections.</summary>
    public int Retried { get; private set; }

    public async Task RunAsync(int count, TimeSpan over)
    {
        var seconds = Enumerable.Range(0, count).Select(_ => random.Next(1, 4)).ToArray();
        for (var i = 0; i < count; i++)
        {
            await clock.UntilAsync(over * i / count);
            _ids.Add(await SubmitAsync($$"""{"kind":"sleep","seconds":{{seconds[i]}},"idempotency_key":"chaos-{{i}}"}"""));
        }
        log($"{clock.Stamp} all {count} jobs submitted ({Retried} answers retried)");
    }

    private async Task<long> SubmitAsync(string json)
    {
        var outcome = await Eventually.ValueAsync(() => TryPostAsync(json), o => o is not null, $"POST /jobs {json} to be accepted", SubmitTimeout);
        return outcome!.Value.Id ?? throw new InvalidOperationException($"POST /jobs {json}: {outcome.Value.Refusal}");
    }

    /// <summary>The job ID, a refusal that must fail the run, or null for an answer worth retrying.</summary>
    private async Task<(long? Id, string? Refusal)?> TryPostAsync(string json)
    {
        try
        {
            using var content = new StringContent(json, Encoding.UTF8, "application/json");
            using var response = await fleet.Http.PostAsync(new Uri(fleet.AdminUrl + "/jobs"), content);
            var body = await response.Content.ReadAsStringAsync();
            switch (response.StatusCode)
            {
                case HttpStatusCode.Accepted:
                    return (JsonDocument.Parse(body).RootElement.GetProperty("job_id").GetInt64(), null);
                case HttpStatusCode.ServiceUnavailable:
                    Retried++;
                    return null;
                default:
                    return (null, $"HTTP {(int)response.StatusCode}: {body}");
            }
        }
        catch (HttpRequestException)
        {
            Retried++;
            return null;
        }
    }
}
