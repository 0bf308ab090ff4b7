using Amp.MetadataDb.Datasets;
using Apache.Arrow;

namespace Amp.Extraction.Job;

/// <summary>One table the job fills: its name, Amp's Arrow schema, and the active revision it writes into.</summary>
internal sealed record RawTable(string Name, Schema Schema, ActiveRevision Revision)
{
    public RecordBatch RowsOf(Extraction.Evm.Rows.EvmBatch batch) => Name switch
    {
        "blocks" => batch.Blocks,
        "transactions" => batch.Transactions,
        "logs" => batch.Logs,
        _ => throw new InvalidOperationException($"'{Name}' is not a raw EVM table"),
    };
}
