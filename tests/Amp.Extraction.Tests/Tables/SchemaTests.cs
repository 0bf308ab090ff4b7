using System.Text;
using System.Text.Json;
using Amp.Extraction.Evm.Tables;
using Apache.Arrow;

namespace Amp.Extraction.Tests.Tables;

/// <summary>
/// Our schemas against Amp's. The committed <c>anvil_rpc.json</c> (a copy of Amp's test manifest) carries an
/// older generation of the schemas than the code of amp-extraction.md §3, which is what Amp writes: the
/// manifest's <c>tables</c> are ignored for evm-rpc. So every field the two share must be identical, in the
/// same order, and the differences must be exactly the documented ones, no more.
/// </summary>
public sealed class SchemaTests
{
    private static IReadOnlyList<Field> FixtureFields(string table)
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Fixtures", "anvil_rpc.json")));
        return ArrowSerdeSchema.ParseFields(doc.RootElement.GetProperty("tables").GetProperty(table).GetProperty("schema").GetProperty("arrow").GetProperty("fields"));
    }

    private static readonly Dictionary<string, (string[] Added, string[] Removed, string[] Changed)> DocumentedDifferences = new()
    {
        ["blocks"] = (["_block_num", "total_difficulty", "requests_hash"], [], []),
        ["logs"] = (["_block_num"], [], []),
        ["transactions"] = (
            ["_block_num", "v_parity", "chain_id", "state_root", "access_list", "blob_versioned_hashes", "authorization_list"],
            ["v"],
            ["value: Utf8 not null", "r: FixedSizeBinary(32) not null", "s: FixedSizeBinary(32) not null"]),
    };

    [Theory]
    [InlineData("blocks")]
    [InlineData("transactions")]
    [InlineData("logs")]
    public void Fields_shared_with_amps_anvil_manifest_are_identical_and_in_the_same_order(string table)
    {
        var ours = EvmTables.All[table].FieldsList;
        var theirs = FixtureFields(table);
        var changed = DocumentedDifferences[table].Changed.Select(c => c.Split(':')[0]).ToHashSet();
        var shared = theirs.Where(f => ours.Any(o => o.Name == f.Name)).Select(f => f.Name).ToList();
        Assert.Equal(shared, ours.Where(o => theirs.Any(f => f.Name == o.Name)).Select(o => o.Name).ToList());
        foreach (var name in shared.Where(n => !changed.Contains(n)))
        {
            var mine = ours.Single(f => f.Name == name);
            var amp = theirs.Single(f => f.Name == name);
            Assert.Equal(ArrowSerdeSchema.Describe(amp), ArrowSerdeSchema.Describe(mine));
        }
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("transactions")]
    [InlineData("logs")]
    public void Differences_from_the_older_manifest_generation_are_exactly_the_documented_ones(string table)
    {
        var ours = EvmTables.All[table].FieldsList;
        var theirs = FixtureFields(table);
        var expected = DocumentedDifferences[table];
        Assert.Equal(expected.Added, ours.Where(o => theirs.All(f => f.Name != o.Name)).Select(o => o.Name).ToArray());
        Assert.Equal(expected.Removed, theirs.Where(f => ours.All(o => o.Name != f.Name)).Select(f => f.Name).ToArray());
        var changed = ours
            .Where(o => theirs.Any(f => f.Name == o.Name && ArrowSerdeSchema.Describe(f) != ArrowSerdeSchema.Describe(o)))
            .Select(ArrowSerdeSchema.Describe).ToArray();
        Assert.Equal(expected.Changed, changed);
    }

    [Fact]
    public void Column_counts_are_amps_24_27_13()
    {
        Assert.Equal(24, BlocksTable.Schema.FieldsList.Count);
        Assert.Equal(27, TransactionsTable.Schema.FieldsList.Count);
        Assert.Equal(13, LogsTable.Schema.FieldsList.Count);
    }

    [Fact]
    public void Nested_transaction_columns_are_lists_of_non_nullable_items()
    {
        var described = TransactionsTable.Schema.FieldsList.Skip(24).Select(ArrowSerdeSchema.Describe).ToArray();
        Assert.Equal(
        [
            "access_list: List<item: Struct<address: FixedSizeBinary(20) not null, storage_keys: List<item: FixedSizeBinary(32) not null> not null> not null>",
            "blob_versioned_hashes: List<item: FixedSizeBinary(32) not null>",
            "authorization_list: List<item: Struct<chain_id: UInt64 not null, address: FixedSizeBinary(20) not null, nonce: UInt64 not null, y_parity: Boolean not null, r: FixedSizeBinary(32) not null, s: FixedSizeBinary(32) not null> not null>",
        ], described);
    }

    [Theory]
    [InlineData("blocks")]
    [InlineData("transactions")]
    [InlineData("logs")]
    public void Serde_form_round_trips_every_field(string table)
    {
        var schema = EvmTables.All[table];
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
            ArrowSerdeSchema.WriteFields(writer, schema.FieldsList);
        using var doc = JsonDocument.Parse(stream.ToArray());
        var parsed = ArrowSerdeSchema.ParseFields(doc.RootElement);
        Assert.Equal(schema.FieldsList.Select(ArrowSerdeSchema.Describe), parsed.Select(ArrowSerdeSchema.Describe));
    }

    [Fact]
    public void Serde_form_spells_parameterised_types_as_arrow_rs_does()
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            ArrowSerdeSchema.WriteFields(writer, BlocksTable.Schema.FieldsList.Skip(2).Take(2).Append(BlocksTable.Schema.GetFieldByName("difficulty")));
        Assert.Equal(
            """[{"name":"timestamp","type":{"Timestamp":["Nanosecond","+00:00"]},"nullable":false},{"name":"hash","type":{"FixedSizeBinary":32},"nullable":false},{"name":"difficulty","type":{"Decimal128":[38,0]},"nullable":false}]""",
            Encoding.UTF8.GetString(stream.ToArray()));
    }
}
