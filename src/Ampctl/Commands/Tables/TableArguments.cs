using System.CommandLine;
using Amp.Datasets.Identity;
using Ampctl.Commands.Registry;

namespace Ampctl.Commands.Tables;

/// <summary>The typed positionals and options of the table commands, validated while parsing (a bad value is exit 2).</summary>
internal static class TableArguments
{
    public static Argument<TableName> TableName() =>
        RegistryArguments.Create<TableName>("TABLE_NAME", "The table, e.g. blocks, transactions or logs",
            (string? r, out TableName v, out string? e) => Amp.Datasets.Identity.TableName.TryParse(r, out v, out e));

    public static Option<TableName?> TableOption() => new("--table")
    {
        Description = "Only this table (blocks, transactions or logs)",
        HelpName = "NAME",
        CustomParser = r =>
        {
            if (Amp.Datasets.Identity.TableName.TryParse(r.Tokens.Count > 0 ? r.Tokens[0].Value : null, out var v, out var e))
                return v;
            r.AddError(e);
            return null;
        },
    };

    public static Argument<DatasetReference> Dataset() =>
        RegistryArguments.Create<DatasetReference>("DATASET", "The dataset version as namespace/name@revision, e.g. _/eth_rpc@1.0.0",
            (string? r, out DatasetReference v, out string? e) =>
            {
                var ok = DatasetReference.TryParse(r, out var reference, out e);
                v = reference!;
                return ok;
            });

    public static Argument<long> LocationId() =>
        RegistryArguments.Create<long>("LOCATION_ID", "The revision's id (see 'ampctl table list')", (string? r, out long v, out string? e) =>
        {
            e = null;
            if (long.TryParse(r, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out v) && v > 0)
                return true;
            e = $"LOCATION_ID must be a positive whole number, got '{r}'";
            return false;
        });
}
