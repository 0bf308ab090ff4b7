using System.CommandLine;
using Amp.Datasets.Manifests;
using Ampctl.Output;

namespace Ampctl.Commands.Registry;

/// <summary>
/// <c>ampctl manifest generate --kind evm-rpc --network NET [--start-block N] [--finalized-blocks-only] [-o PATH]</c>:
/// a complete raw manifest with the built-in blocks, transactions and logs schemas. Offline; no Admin API options.
/// </summary>
internal static class ManifestGenerateCommand
{
    public static Command Create(CliHost host)
    {
        var kind = new Option<string>("--kind") { Description = "Dataset kind (this build: evm-rpc)", Required = true, HelpName = "KIND" };
        var network = new Option<string>("--network") { Description = "Network the dataset extracts, matched against providers' network, e.g. mainnet or anvil", Required = true, HelpName = "NETWORK" };
        var output = new Option<string?>("--out", "-o") { Description = "Write to this file (or <dir>/<kind>.json for an existing directory) instead of stdout", HelpName = "PATH" };
        var startBlock = new Option<ulong>("--start-block") { Description = "First block to extract", DefaultValueFactory = _ => 0, HelpName = "N" };
        var finalized = new Option<bool>("--finalized-blocks-only") { Description = "Follow the finalized block instead of the latest" };
        network.Validators.Add(r =>
        {
            if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>()))
                r.AddError("--network must not be empty");
        });
        var command = new Command("generate", "Print a complete raw manifest with the built-in table schemas") { kind, network, output, startBlock, finalized };
        command.SetAction(parsed =>
        {
            var errors = new ErrorWriter(host.Stderr);
            var k = parsed.GetValue(kind)!;
            if (k == "manifest")
            {
                errors.Write("derived datasets don't support dataset generation; write the derived manifest by hand");
                return ExitCodes.Failure;
            }
            if (!RawManifest.SupportedKinds.Contains(k))
            {
                errors.Write($"unsupported dataset kind '{k}'; supported kinds: {string.Join(", ", RawManifest.SupportedKinds)}");
                return ExitCodes.Failure;
            }
            var manifest = ManifestGenerator.EvmRpc(parsed.GetValue(network)!, parsed.GetValue(startBlock), parsed.GetValue(finalized));
            var text = PrettyJson.Format(System.Text.Encoding.UTF8.GetString(manifest.ToCanonicalBytes()));
            if (parsed.GetValue(output) is not { } path)
            {
                host.Stdout.Write(text);
                return ExitCodes.Ok;
            }
            var target = Directory.Exists(path) ? Path.Combine(path, k + ".json") : path;
            try
            {
                File.WriteAllText(target, text);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                errors.Write($"cannot write '{target}': {ex.Message}");
                return ExitCodes.Failure;
            }
            host.Stdout.Write($"{Marks.Ok(false)} Manifest written to {Path.GetFullPath(target)}\n");
            return ExitCodes.Ok;
        });
        return command;
    }
}
