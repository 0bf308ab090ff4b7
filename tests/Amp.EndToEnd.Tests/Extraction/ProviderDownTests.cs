using System.Globalization;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.Extraction;

/// <summary>
/// A provider that refuses connections is the provider's failure, not the metadata database's: after the client's
/// bounded retries the job ends ERROR <c>RPC_RETRIES_EXHAUSTED</c> and the job machinery retries it (an attempt spent),
/// instead of being "resumed" on the spot, forever, as a database interruption (Amp's §11.5 weakness).
/// </summary>
[Collection("extraction")]
public sealed class ProviderDownTests(ProgressFleet fleet) : IClassFixture<ProgressFleet>
{
    [Fact]
    public async Task A_provider_that_refuses_connections_ends_the_attempt_ERROR_and_the_job_is_retried()
    {
        using var refusing = Ports.Refusing(out var port);
        var closed = new Uri($"http://127.0.0.1:{port}");
        var name = await fleet.RegisterAsync("anvil_provider_down", closed);
        var id = await fleet.DeployAsync(name, "--end-block", "10");
        try
        {
            var path = $"/jobs/{id.ToString(CultureInfo.InvariantCulture)}/events";
            var events = await Eventually.ValueAsync(async () => (await fleet.GetAsync(path)).Json,
                e => e.GetProperty("events").EnumerateArray().Any(x => x.GetProperty("event_type").GetString() == "ERROR"),
                "an ERROR event after the client's retries", TimeSpan.FromSeconds(120));

            var errorEvent = events.GetProperty("events").EnumerateArray().First(x => x.GetProperty("event_type").GetString() == "ERROR").GetProperty("id").GetInt64();
            var error = (await fleet.GetAsync($"{path}/{errorEvent.ToString(CultureInfo.InvariantCulture)}")).Json.ToString();
            Assert.True(error.Contains("RPC_RETRIES_EXHAUSTED", StringComparison.Ordinal), error);
            Assert.Contains("Connection refused", error, StringComparison.OrdinalIgnoreCase);
            var retried = await fleet.WaitForJobAsync(id, j => j.GetProperty("attempts").GetInt32() >= 2, "the job machinery to retry the job", TimeSpan.FromSeconds(120));
            Assert.NotEqual("FATAL", ExtractionFleet.StatusOf(retried));
        }
        finally
        {
            await fleet.StopJobAsync(id);
        }
    }
}
