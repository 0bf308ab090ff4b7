using System.Text.Json;
using System.Text.Json.Nodes;
using Amp.Controller.Errors;
using Amp.Controller.Jobs;
using Amp.Core.Jobs;
using Amp.Datasets.Identity;
using Amp.Datasets.Providers;
using Amp.MetadataDb.Datasets;
using Amp.MetadataDb.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Datasets;

/// <summary>
/// <c>POST /datasets/{namespace}/{name}/versions/{revision}/deploy</c> <c>{end_block, parallelism, worker_id, verify}</c>:
/// schedules Amp's materialize-raw job under the key SHA-256(<c>materialize-raw:ns/name@hash</c>). A redeploy with an equal
/// descriptor (compared as parsed JSON) returns the same job id; a different one while the job is active is 409; a finished
/// job is rescheduled under its id. <c>verify: true</c> is refused (400 <c>VERIFY_NOT_SUPPORTED</c>): verification is not
/// implemented, and a job that silently skipped it would claim more than it did.
/// </summary>
internal static class DeployEndpoint
{
    private static readonly string[] Fields = ["end_block", "parallelism", "worker_id", "verify"];

    public static RouteGroupBuilder MapDeployEndpoint(this RouteGroupBuilder group)
    {
        group.MapPost("/{namespace}/{name}/versions/{revision}/deploy", DeployAsync).WithName("DeployDataset")
            .WithSummary("Schedule the dataset's materialize-raw job; body {end_block: \"latest\"|\"N\"|\"-N\"|null, parallelism, worker_id, verify}; 202 {\"job_id\"}")
            .Accepts<JsonObject>("application/json");
        return group;
    }

    private static async Task<Results<Accepted<JobCreatedResponse>, BadRequest<ApiError>, NotFound<ApiError>, Conflict<ApiError>, JsonHttpResult<ApiError>>> DeployAsync(
        string @namespace, string name, string revision, HttpRequest request, DatasetRegistry registry, Manifests.ManifestIntake intake,
        ProviderStore providers, JobScheduling scheduling, ControllerOptions options, ILogger<JobScheduling> logger, CancellationToken ct)
    {
        if (DatasetPath.Parse(@namespace, name, revision, out var dataset, out var rev) is { } bad)
            return bad;
        JsonObject body;
        if (request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType()))
            body = [];
        else
        {
            var (read, bodyError) = await JsonBody.ReadObjectAsync(request, ct).ConfigureAwait(false);
            if (read is null)
                return Invalid(bodyError ?? "the body must be a JSON object {end_block, parallelism, worker_id, verify}");
            body = read;
        }
        if (body.Select(p => p.Key).FirstOrDefault(k => !Fields.Contains(k)) is { } unknown)
            return Invalid($"unknown field '{unknown}'; deploy takes {string.Join(", ", Fields)}");
        EndBlock? end = null;
        if (body["end_block"] is { } e && (e.GetValueKind() != JsonValueKind.String || !EndBlock.TryParse(e.GetValue<string>(), out end, out _)))
            return Invalid(e.GetValueKind() == JsonValueKind.String ? $"invalid end_block '{e.GetValue<string>()}': {EndBlock.Rule}" : EndBlock.Rule);
        var parallelism = 1;
        if (body["parallelism"] is { } p && (p.GetValueKind() != JsonValueKind.Number || !p.AsValue().TryGetValue(out parallelism)
            || parallelism is < 1 or > MaterializeRawDescriptor.MaxMaxWriters))
            return Invalid($"parallelism must be a whole number from 1 to {MaterializeRawDescriptor.MaxMaxWriters} (partitions inside the one job)");
        var verify = false;
        if (body["verify"] is { } v)
        {
            if (v.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
                return Invalid("verify must be true or false");
            verify = v.GetValue<bool>();
            if (verify)
                return ApiResults.BadRequest(ErrorCodes.VerifyNotSupported, VerifyNotSupportedMessage);
        }
        if (JobCreateEndpoint.ParseSelector(body["worker_id"], out var selector) is { } selectorError)
            return Invalid(selectorError);

        if (await registry.ResolveAsync(dataset, rev, ct).ConfigureAwait(false) is not { } hash)
            return DatasetPath.NotFound(dataset, rev);
        if (await intake.LoadAsync(hash, ct).ConfigureAwait(false) is not { } stored)
            return Manifests.ManifestEndpoints.NotFound(hash);
        var manifest = stored.Manifest;
        if (!await providers.ExistsForAsync(manifest.Kind, manifest.Network, ct).ConfigureAwait(false))
            return ApiResults.BadRequest(ErrorCodes.NoProviderForNetwork,
                $"no {manifest.Kind} provider is registered for network '{manifest.Network}', which {dataset}@{revision} extracts from; register one with 'ampctl provider register NAME FILE.toml' (network = \"{manifest.Network}\")");

        var descriptor = new MaterializeRawDescriptor(dataset.Namespace.Value, dataset.Name.Value, hash.Value, end, parallelism, verify);
        var key = descriptor.IdempotencyKey;
        var outcome = await scheduling.ScheduleAsync(descriptor, selector, key, options.MaxAttempts, options.Liveness, ct).ConfigureAwait(false);
        return JobCreateEndpoint.Answer(outcome, selector, key, descriptor, logger).Result switch
        {
            Accepted<JobCreatedResponse> a => a,
            BadRequest<ApiError> b => b,
            Conflict<ApiError> c => c,
            JsonHttpResult<ApiError> j => j,
            var other => throw new InvalidOperationException($"unexpected scheduling answer {other.GetType().Name}"),
        };
    }

    /// <summary>Block verification (reference §5.13) is not implemented; a deploy asking for it is refused rather than run unverified.</summary>
    public const string VerifyNotSupportedMessage =
        "verify = true is not supported: this ampd does not verify block hashes, transactions roots or receipts roots (reference §5.13); deploy without --verify (verify = false)";

    private static BadRequest<ApiError> Invalid(string message) => ApiResults.BadRequest(ErrorCodes.InvalidBody, message);
}
