using Apache.Arrow;

namespace Amp.Extraction.Evm.Tables;

/// <summary>The three built-in tables of an evm-rpc dataset, in the order Amp emits them per block.</summary>
public static class EvmTables
{
    public static readonly IReadOnlyDictionary<string, Schema> All = new Dictionary<string, Schema>
    {
        [BlocksTable.Name] = BlocksTable.Schema,
        [TransactionsTable.Name] = TransactionsTable.Schema,
        [LogsTable.Name] = LogsTable.Schema,
    };
}
