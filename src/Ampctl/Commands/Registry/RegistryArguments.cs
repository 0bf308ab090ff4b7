using System.CommandLine;
using System.CommandLine.Parsing;
using Amp.Datasets.Identity;

namespace Ampctl.Commands.Registry;

/// <summary>
/// The typed positionals of the dataset, manifest and provider commands, validated while parsing: a bad value is a
/// usage error (exit 2) naming the rule, and no request is sent.
/// </summary>
internal static class RegistryArguments
{
    public delegate bool Parser<T>(string? raw, out T value, out string? error);

    public static Argument<T> Create<T>(string name, string description, Parser<T> parse) => new(name)
    {
        Description = description,
        CustomParser = result =>
        {
            var raw = result.Tokens.Count > 0 ? result.Tokens[0].Value : null;
            if (parse(raw, out var value, out var error))
                return value;
            result.AddError(error ?? $"invalid {name}");
            return default!;
        },
    };

    public static Argument<DatasetFqn> Fqn() =>
        Create<DatasetFqn>("FQN", "The dataset as namespace/name, e.g. _/eth_rpc", (string? r, out DatasetFqn v, out string? e) => DatasetFqn.TryParse(r, out v, out e));

    public static Argument<DatasetReference> Reference() =>
        Create<DatasetReference>("REFERENCE", "The dataset version as namespace/name@revision (a version, latest, dev or a manifest hash)",
            (string? r, out DatasetReference v, out string? e) =>
            {
                var ok = DatasetReference.TryParse(r, out var reference, out e);
                v = reference!;
                return ok;
            });

    public static Argument<ManifestHash> Hash() =>
        Create<ManifestHash>("HASH", "The manifest's hash (64 hex digits)", (string? r, out ManifestHash v, out string? e) => ManifestHash.TryParse(r, out v, out e));

    public static Argument<ProviderName> Provider(string name) =>
        Create<ProviderName>(name, "The provider's name: lowercase letters, digits and '_'", (string? r, out ProviderName v, out string? e) => ProviderName.TryParse(r, out v, out e));

    /// <summary>An existing local file; a missing one is a usage error as in Amp.</summary>
    public static Argument<FileInfo> ExistingFile(string name, string description)
    {
        var argument = new Argument<FileInfo>(name) { Description = description };
        argument.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<FileInfo>() is { Exists: false } file)
                result.AddError($"{name}: file '{file.FullName}' does not exist");
        });
        return argument;
    }

    /// <summary>Reads a JSON file for a request; a file that is not JSON is reported (exit 1) with where it broke.</summary>
    public static System.Text.Json.Nodes.JsonNode? ReadJson(FileInfo file, CommandContext ctx)
    {
        try
        {
            return System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(file.FullName));
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or IOException or UnauthorizedAccessException)
        {
            ctx.Output.Errors.Write($"cannot read '{file.FullName}' as JSON: {ex.Message}");
            return null;
        }
    }
}
