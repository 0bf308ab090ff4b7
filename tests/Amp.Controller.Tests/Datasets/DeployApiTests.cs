using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Datasets;

/// <summary>Deploy against a real controller and worker: Amp's materialize-raw descriptor, idempotency key and redeploy rules.</summary>
[Collection(RegistryCollection.Name)]
public sealed class DeployApiTests(RegistryFleet fleet)
{
    private async Task<string> RegisterAsync(string name, string network)
    {
        AssertStatus(await fleet.PostAsync("/providers", $$"""{"name":"p_{{network}}","kind":"evm-rpc","network":"{{network}}","url":"http://127.0.0.1:1"}"""), HttpStatusCode.Created);
        var manifest = Fixture("manifests/anvil_rpc.json").Replace("\"anvil\"", $"\"{network}\"", StringComparison.Ordinal);
        var r = await fleet.PostAsync("/datasets", $$"""{"namespace":"dep","name":"{{name}}","version":"1.0.0","manifest":{{manifest}}}""");
        AssertStatus(r, HttpStatusCode.Created);
        return r.Json.GetProperty("manifest_hash").GetString()!;
    }

    private Task<ApiResponse> DeployAsync(string name, string body, string revision = "1.0.0") =>
        fleet.PostAsync($"/datasets/dep/{name}/versions/{revision}/deploy", body);

    private async Task<JsonElement> JobAsync(long id) => (await fleet.GetAsync($"/jobs/{id}")).Json;

    private static long JobId(ApiResponse r)
    {
        AssertStatus(r, HttpStatusCode.Accepted);
        return r.Json.GetProperty("job_id").GetInt64();
    }

    [Fact]
    public async Task Deploy_schedules_Amps_descriptor_under_Amps_key_and_the_worker_survives_it()
    {
        var hash = await RegisterAsync("basic", "basicnet");
        var id = JobId(await DeployAsync("basic", """{"end_block":"100","parallelism":4,"verify":false}"""));
        var job = await JobAsync(id);
        var expected = $$"""{"kind":"materialize-raw","end_block":"100","max_writers":4,"dataset_namespace":"dep","dataset_name":"basic","manifest_hash":"{{hash}}","verify":false}""";
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), JsonNode.Parse(job.GetProperty("descriptor").GetRawText())), job.GetProperty("descriptor").GetRawText());
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"materialize-raw:dep/basic@{hash}")));
        Assert.Equal(key, await fleet.Db.ScalarAsync<string>("SELECT idempotency_key FROM jobs WHERE id = $1", id));

        var jobs = (await fleet.GetAsync("/datasets/dep/basic/versions/latest/jobs")).Json.GetProperty("jobs");
        Assert.Equal(id, jobs.EnumerateArray().Single().GetProperty("id").GetInt64());

        // The worker runs it (its provider answers nothing, so it keeps retrying) until it is stopped; the worker stays up.
        await Eventually.ValueAsync(() => JobAsync(id), j => j.GetProperty("status").GetString() == "RUNNING", "the worker to run the job");
        AssertStatus(await fleet.SendAsync(HttpMethod.Put, $"/jobs/{id}/stop"), HttpStatusCode.OK);
        await Eventually.ValueAsync(() => JobAsync(id), j => j.GetProperty("status").GetString() == "STOPPED", "the job to stop");
        Assert.False(fleet.Worker("w1").HasExited);
        Assert.Equal("active", AmpFleet.Status(await fleet.GetWorkerAsync("w1")));

        // A finished job with the same key is rescheduled under the same id.
        Assert.Equal(id, JobId(await DeployAsync("basic", """{"end_block":"100","parallelism":4,"verify":false}""")));
        Assert.Equal(2L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM job_events WHERE job_id = $1 AND event_type = 'SCHEDULED'", id));
    }

    [Fact]
    public async Task A_redeploy_while_active_returns_the_same_job_or_409_when_the_descriptor_differs()
    {
        await RegisterAsync("active", "activenet");
        var worker = fleet.Worker("w1");
        worker.Signal(Signals.SIGSTOP); // the job stays SCHEDULED while the worker is frozen
        try
        {
            var id = JobId(await DeployAsync("active", """{"parallelism":2}"""));
            // Equal as parsed JSON: the same job, whatever the key order or defaults spelled out.
            Assert.Equal(id, JobId(await DeployAsync("active", """{"verify":false,"end_block":null,"parallelism":2}""")));
            AssertError(await DeployAsync("active", """{"parallelism":2,"end_block":"latest"}"""), HttpStatusCode.Conflict, "ACTIVE_JOB_CONFLICT");
            Assert.Equal("SCHEDULED", (await JobAsync(id)).GetProperty("status").GetString());
            Assert.Equal(1L, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE descriptor->>'dataset_name' = 'active'"));
        }
        finally
        {
            worker.Signal(Signals.SIGCONT);
        }
    }

    [Theory]
    [InlineData("""{"end_block":100}""")]
    [InlineData("""{"end_block":"soon"}""")]
    [InlineData("""{"end_block":"--5"}""")]
    [InlineData("""{"parallelism":0}""")]
    [InlineData("""{"parallelism":70000}""")]
    [InlineData("""{"verify":"yes"}""")]
    [InlineData("""{"worker_id":"1bad"}""")]
    [InlineData("""{"paralelism":2}""")]
    [InlineData("[]")]
    public async Task Bad_deploy_bodies_are_400_INVALID_BODY_and_schedule_nothing(string body)
    {
        await RegisterAsync("bad_body", "badbodynet");
        var before = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM jobs");
        AssertError(await DeployAsync("bad_body", body), HttpStatusCode.BadRequest, "INVALID_BODY");
        Assert.Equal(before, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Verify_true_is_refused_with_VERIFY_NOT_SUPPORTED_and_schedules_nothing()
    {
        await RegisterAsync("verified", "verifiednet");
        var before = await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM jobs");
        var refused = await DeployAsync("verified", """{"end_block":"10","verify":true}""");
        AssertError(refused, HttpStatusCode.BadRequest, "VERIFY_NOT_SUPPORTED");
        Assert.Contains("without --verify", refused.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await fleet.Db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task Deploy_errors_name_what_is_missing()
    {
        AssertError(await DeployAsync("never_registered", "{}"), HttpStatusCode.NotFound, "DATASET_NOT_FOUND");
        AssertError(await DeployAsync("x", "{}", "v1"), HttpStatusCode.BadRequest, "INVALID_PATH");
        await RegisterAsync("no_worker", "noworkernet");
        AssertError(await DeployAsync("no_worker", """{"worker_id":"nobody"}"""), HttpStatusCode.BadRequest, "WORKER_NOT_AVAILABLE");

        var manifest = Fixture("manifests/anvil_rpc.json").Replace("\"anvil\"", "\"unserved\"", StringComparison.Ordinal);
        AssertStatus(await fleet.PostAsync("/datasets", $$"""{"namespace":"dep","name":"unserved","version":"1.0.0","manifest":{{manifest}}}"""), HttpStatusCode.Created);
        var none = await DeployAsync("unserved", "{}");
        AssertError(none, HttpStatusCode.BadRequest, "NO_PROVIDER_FOR_NETWORK");
        Assert.Contains("'unserved'", none.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_jobs_accepts_a_materialize_raw_descriptor_and_refuses_a_bad_one()
    {
        var hash = await RegisterAsync("via_jobs", "viajobsnet");
        var id = JobId(await fleet.PostAsync("/jobs", $$"""{"kind":"materialize-raw","end_block":"-10","max_writers":1,"dataset_namespace":"dep","dataset_name":"via_jobs","manifest_hash":"{{hash}}","verify":false}"""));
        Assert.Equal("-10", (await JobAsync(id)).GetProperty("descriptor").GetProperty("end_block").GetString());
        AssertError(await fleet.PostAsync("/jobs", """{"kind":"materialize-raw","dataset_namespace":"dep","dataset_name":"via_jobs","manifest_hash":"abc"}"""),
            HttpStatusCode.BadRequest, "INVALID_BODY");
        AssertError(await fleet.PostAsync("/jobs", $$"""{"kind":"materialize-raw","dataset_namespace":"dep","dataset_name":"via_jobs","manifest_hash":"{{hash}}","end_block":"x"}"""),
            HttpStatusCode.BadRequest, "INVALID_BODY");
    }
}
