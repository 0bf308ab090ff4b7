using System.CommandLine;
using Amp.AdminClient.Datasets;
using Amp.Core.Jobs;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary>
/// <c>ampctl dataset deploy REFERENCE [--end-block latest|N|-N] [--parallelism N] [--worker-id ID|prefix*] [--verify]</c>
/// (alias <c>dep</c>): schedules the dataset's materialize-raw job.
/// </summary>
internal static class DatasetDeployCommand
{
    public static Command Create(CliHost host)
    {
        var reference = RegistryArguments.Reference();
        var endBlock = new Option<string?>("--end-block")
        {
            Description = "Where to stop: latest (the head at start), N, or -N (N behind the head; write --end-block=-N); none = run continuously",
            HelpName = "latest|N|-N",
        };
        endBlock.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } raw && !EndBlock.TryParse(raw, out _, out var error))
                r.AddError(error);
        });
        var parallelism = new Option<int>("--parallelism") { Description = "Partitions extracted at once inside the job (1-65535)", DefaultValueFactory = _ => 1, HelpName = "N" };
        parallelism.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaterializeRawDescriptor.MaxMaxWriters)
                r.AddError($"--parallelism must be from 1 to {MaterializeRawDescriptor.MaxMaxWriters}");
        });
        var workerId = new Option<string?>("--worker-id") { Description = "Run on this worker, or on the least-loaded one whose ID starts with PREFIX*", HelpName = "ID|PREFIX*" };
        var verify = new Option<bool>("--verify") { Description = "Verify block hashes, transaction and receipt roots before writing (not supported: the server refuses it with VERIFY_NOT_SUPPORTED)" };

        return Leaf.Create(host, "deploy", "dep", "Deploy a dataset version: schedule its extraction job", [reference, endBlock, parallelism, workerId, verify], async ctx =>
        {
            var request = new DeployRequest(ctx.Get(endBlock), ctx.Get(parallelism), ctx.Get(workerId), ctx.Get(verify));
            return Leaf.Show(ctx, await ctx.Client.DeployDatasetAsync(ctx.Get(reference)!, request, ctx.Ct).ConfigureAwait(false),
                job => $"{Marks.Ok(ctx.Output.UseColour)} Dataset deployed successfully\n→ Job ID: {job.JobId}\n");
        });
    }
}
