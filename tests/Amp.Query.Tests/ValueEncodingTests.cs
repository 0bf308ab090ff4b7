namespace Amp.Query.Tests;

public sealed class ValueEncodingTests(TestData data) : IClassFixture<TestData>
{
    private static string Hash(ulong block) => Convert.ToHexStringLower(TestParquet.HashOf(block, 0));

    private static readonly string Address1 = string.Concat(Enumerable.Repeat("01", 20));

    [Fact]
    public async Task Every_amp_type_is_encoded_as_amp_encodes_it()
    {
        using var engine = data.Engine();
        var lines = await engine.LinesAsync("""select * from "edge/tricky".blocks order by block_num""");
        Assert.Equal(4, lines.Count);
        // Block 100: null gas_price left out, empty input and empty list kept, u32 max, Decimal128 past System.Decimal.
        Assert.Equal(
            $$"""{"_block_num":100,"block_num":100,"timestamp":"2022-06-21T02:48:20Z","tx_index":4294967295,"type":2,"status":true,"hash":"{{Hash(100)}}","to":"de{{new string('0', 36)}}64","input":"","value":"1755746164921524100","difficulty":99999999999999999999999999999999999899,"access_list":[]}""",
            lines[0]);
        // Block 101: null `to` left out, a negative Int32, a list of structs holding a list of FixedSizeBinary(32).
        Assert.Equal(
            $$"""{"_block_num":101,"block_num":101,"timestamp":"2022-06-21T02:48:32Z","tx_index":4294967294,"type":-1,"status":false,"hash":"{{Hash(101)}}","input":"0a","value":"1755746164921524101","difficulty":99999999999999999999999999999999999898,"gas_price":28737648500,"access_list":[{"address":"{{Address1}}","storage_keys":["{{Hash(101)}}"]}]}""",
            lines[1]);
        // Block 103: a null list left out.
        Assert.DoesNotContain("access_list", lines[3], StringComparison.Ordinal);
        Assert.DoesNotContain("gas_price", lines[3], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Computed_values_use_the_same_encoding()
    {
        using var engine = data.Engine();
        var lines = await engine.LinesAsync("""
            select 18446744073709551615::ubigint as u64, 170141183460469231731687303715884105727::hugeint as i128,
                   1.25::decimal(10,2) as d, 'a"b\' as s, '\xDE\xAD'::blob as b, null as n,
                   timestamptz '2022-06-21 02:28:20.123+00' as ms, timestamp '2022-06-21 02:28:20' as naive,
                   date '2022-06-21' as day, [[1, 2], []] as nested, {'x': 1, 'y': null} as st, 1.5::double as f
            """);
        Assert.Equal(
            """{"u64":18446744073709551615,"i128":170141183460469231731687303715884105727,"d":1.25,"s":"a\"b\\","b":"dead","ms":"2022-06-21T02:28:20.123Z","naive":"2022-06-21T02:28:20","day":"2022-06-21","nested":[[1,2],[]],"st":{"x":1},"f":1.5}""",
            lines[0]);
    }
}
