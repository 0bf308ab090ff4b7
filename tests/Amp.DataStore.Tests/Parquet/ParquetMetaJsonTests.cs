using Amp.DataStore.Parquet;
using Amp.DataStore.Ranges;
using Amp.DataStore.Segments;

namespace Amp.DataStore.Tests.Parquet;

public class ParquetMetaJsonTests
{
    private const string Hash = "0x9a71a95be3fe957457b11817587e5af4c7e24836d5b383c430ff25b9286a457f";
    private const string Parent = "0x3dc4ef568ae2635db1419c5fec55c4a9322c05302ae527cd40bff380c1d465dd";

    /// <summary>The shape of reference §5.7, as serde_json writes it.</summary>
    private const string AmpJson =
        "{\"table\":\"logs\",\"filename\":\"015000000-b3cfee564748cf4f.parquet\",\"created_at\":{\"secs\":1760000000,\"nanos\":123456789}," +
        "\"ranges\":[{\"numbers\":{\"start\":15000000,\"end\":15000999},\"network\":\"mainnet\",\"hash\":\"" + Hash +
        "\",\"prev_hash\":\"" + Parent + "\",\"timestamp\":1655778500}]}";

    private static ParquetMeta Sample() => new(
        "logs",
        SegmentFileName.Parse("015000000-b3cfee564748cf4f.parquet"),
        new UnixTime(1760000000, 123456789),
        [new BlockRange(new BlockSpan(15000000, 15000999), "mainnet", BlockHash.Parse(Hash), BlockHash.Parse(Parent), 1655778500)],
        null);

    [Fact]
    public void Serialises_byte_for_byte_as_amp_does() =>
        Assert.Equal(AmpJson, ParquetMetaJson.Serialize(Sample()));

    [Fact]
    public void Parses_amp_json_and_writes_it_back_unchanged()
    {
        var meta = ParquetMetaJson.Parse(AmpJson);
        Assert.Equal("logs", meta.Table);
        Assert.Equal(new UnixTime(1760000000, 123456789), meta.CreatedAt);
        Assert.Equal(new BlockSpan(15000000, 15000999), meta.Ranges[0].Numbers);
        Assert.Equal(1655778500UL, meta.Ranges[0].Timestamp);
        Assert.Equal(AmpJson, ParquetMetaJson.Serialize(meta));
    }

    [Fact]
    public void Files_from_before_timestamps_parse_and_stay_without_one()
    {
        var old = AmpJson.Replace(",\"timestamp\":1655778500", "", StringComparison.Ordinal);
        var meta = ParquetMetaJson.Parse(old);
        Assert.Null(meta.Ranges[0].Timestamp);
        Assert.Equal(old, ParquetMetaJson.Serialize(meta));
    }

    [Fact]
    public void Postgres_jsonb_key_order_with_unknown_fields_and_a_watermark_parses()
    {
        var jsonb = "{\"ranges\": [{\"hash\": \"" + Hash + "\", \"network\": \"mainnet\", \"numbers\": {\"end\": 15000999, \"start\": 15000000}, " +
            "\"prev_hash\": \"" + Parent + "\", \"timestamp\": null}], \"table\": \"logs\", \"extra\": 1, \"filename\": \"015000000-b3cfee564748cf4f.parquet\", " +
            "\"watermark\": 15000999, \"created_at\": {\"nanos\": 5, \"secs\": 1}}";
        var meta = ParquetMetaJson.Parse(jsonb);
        Assert.Equal(15000999UL, meta.Watermark);
        Assert.Null(meta.Ranges[0].Timestamp);
        Assert.EndsWith(",\"watermark\":15000999}", ParquetMetaJson.Serialize(meta), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{}", "table")]
    [InlineData("not json", "invalid nozzle_metadata")]
    [InlineData("{\"table\":\"logs\",\"filename\":\"a.parquet\",\"created_at\":{\"secs\":1,\"nanos\":0},\"ranges\":[]}", "at least one range")]
    [InlineData("{\"table\":\"logs\",\"filename\":\"a.parquet\",\"created_at\":{\"secs\":1,\"nanos\":0},\"ranges\":[{\"numbers\":{\"start\":5,\"end\":4},\"network\":\"n\",\"hash\":\"" + Hash + "\",\"prev_hash\":\"" + Hash + "\"}]}", "start is after end")]
    [InlineData("{\"table\":\"logs\",\"filename\":\"a.parquet\",\"created_at\":{\"secs\":1,\"nanos\":0},\"ranges\":[{\"numbers\":{\"start\":1,\"end\":4},\"network\":\"n\",\"hash\":\"0x12\",\"prev_hash\":\"" + Hash + "\"}]}", "64 hex digits")]
    [InlineData("{\"table\":\"logs\",\"filename\":\"../x.parquet\",\"created_at\":{\"secs\":1,\"nanos\":0},\"ranges\":[]}", "path separator")]
    public void Bad_metadata_is_refused_with_a_reason(string json, string reason)
    {
        Assert.False(ParquetMetaJson.TryParse(json, out _, out var error));
        Assert.Contains(reason, error);
    }

    [Fact]
    public void Strings_are_escaped_as_serde_json_escapes_them()
    {
        var meta = Sample() with { Table = "a\"b\\c\n\u0001é" };
        Assert.StartsWith("{\"table\":\"a\\\"b\\\\c\\n\\u0001é\",", ParquetMetaJson.Serialize(meta), StringComparison.Ordinal);
        Assert.Equal(meta.Table, ParquetMetaJson.Parse(ParquetMetaJson.Serialize(meta)).Table);
    }

    [Fact]
    public void Created_at_keeps_the_time_to_100_nanoseconds()
    {
        var time = new DateTimeOffset(2026, 12, 6, 17, 30, 0, TimeSpan.Zero).AddTicks(1234567);
        var unix = UnixTime.From(time);
        Assert.Equal(123456700U, unix.Nanos);
        Assert.Equal(time, unix.ToDateTimeOffset());
    }

    [Fact]
    public void A_single_network_file_becomes_a_segment()
    {
        var segment = Sample().ToSegment(new FileId(4), 5000);
        Assert.Equal(new BlockSpan(15000000, 15000999), segment.Range.Numbers);
        Assert.Equal(5000, segment.SizeBytes);
        Assert.Equal(new DateTimeOffset(2025, 10, 9, 8, 53, 20, TimeSpan.Zero).AddTicks(1234567), segment.CreatedAt);
    }
}
