using System.Text;
using Amp.Query.Engine;
using Amp.Query.Flight;
using Apache.Arrow;
using Apache.Arrow.Flight;
using Apache.Arrow.Types;
using Google.Protobuf;
using Grpc.Core;

namespace Amp.Query.Tests;

public sealed class FlightServerTests(QueryServersFixture servers) : IClassFixture<QueryServersFixture>
{
    public static TheoryData<string> Queries => new()
    {
        """select * from "edge/tricky".blocks order by block_num""",
        "select block_num, hash, timestamp, difficulty from anvil_rpc.blocks order by block_num",
        "select count(*) as n, sum(block_num) as total, max(timestamp) as last from anvil_rpc.blocks",
        """select * from "edge/tricky@1.0.0".blocks where block_num > 1000""",
        """
        select 18446744073709551615::ubigint as u64, 170141183460469231731687303715884105727::hugeint as i128,
               -1.25::decimal(10,2) as d, 'a"b' as s, '\xDE\xAD'::blob as b, null as n,
               timestamptz '2022-06-21 02:28:20.123+00' as ms, date '2022-06-21' as day,
               [[1, 2], []] as nested, {'x': 1, 'y': null} as st, 1.5::double as f
        """,
        "select i from range(20000) t(i)",
    };

    private async Task<(Schema Schema, List<RecordBatch> Batches)> FlightAsync(ByteString command)
    {
        var info = await servers.Flight.GetInfo(FlightDescriptor.CreateCommandDescriptor(command.ToByteArray())).ResponseAsync;
        var endpoint = Assert.Single(info.Endpoints);
        return (info.Schema, await ReadAsync(endpoint.Ticket));
    }

    private async Task<List<RecordBatch>> ReadAsync(FlightTicket ticket)
    {
        var call = servers.Flight.GetStream(ticket);
        var batches = new List<RecordBatch>();
        while (await call.ResponseStream.MoveNext())
            batches.Add(call.ResponseStream.Current);
        return batches;
    }

    private async Task<List<string>> JsonlAsync(string sql)
    {
        using var response = await servers.Http.PostAsync("/", new StringContent(sql));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public async Task The_same_sql_is_answered_identically_over_both_transports(string sql)
    {
        var (schema, batches) = await FlightAsync(FlightSqlCommand.Pack(sql));
        var flightLines = ArrowJson.Lines(batches);
        Assert.Equal(await JsonlAsync(sql), flightLines);
        Assert.All(batches, b => Assert.Equal(schema.FieldsList.Select(f => f.Name), b.Schema.FieldsList.Select(f => f.Name)));
    }

    [Fact]
    public async Task The_schema_carries_amps_arrow_types()
    {
        var (schema, _) = await FlightAsync(FlightSqlCommand.Pack("""select * from "edge/tricky".blocks"""));
        Assert.IsType<UInt64Type>(schema.GetFieldByName("_block_num").DataType);
        Assert.IsType<UInt32Type>(schema.GetFieldByName("tx_index").DataType);
        Assert.IsType<Int32Type>(schema.GetFieldByName("type").DataType);
        var timestamp = Assert.IsType<TimestampType>(schema.GetFieldByName("timestamp").DataType);
        Assert.Equal((TimeUnit.Nanosecond, "+00:00"), (timestamp.Unit, timestamp.Timezone));
        var difficulty = Assert.IsType<Decimal128Type>(schema.GetFieldByName("difficulty").DataType);
        Assert.Equal((38, 0), (difficulty.Precision, difficulty.Scale));
        // DuckDB reads FixedSizeBinary Parquet columns as BLOB without their width; the table's schema gives it back, as Amp.
        Assert.Equal(32, Assert.IsType<FixedSizeBinaryType>(schema.GetFieldByName("hash").DataType).ByteWidth);
        Assert.Equal(20, Assert.IsType<FixedSizeBinaryType>(schema.GetFieldByName("to").DataType).ByteWidth);
        Assert.IsType<BinaryType>(schema.GetFieldByName("input").DataType);
        var accessList = Assert.IsType<ListType>(schema.GetFieldByName("access_list").DataType);
        var entry = Assert.IsType<StructType>(accessList.ValueDataType);
        Assert.Equal(["address", "storage_keys"], entry.Fields.Select(f => f.Name));
        // Nested FixedSizeBinary values get their widths back too, as in Amp's schema of access_list.
        Assert.Equal(20, Assert.IsType<FixedSizeBinaryType>(entry.Fields[0].DataType).ByteWidth);
        var keys = Assert.IsType<ListType>(entry.Fields[1].DataType);
        Assert.Equal(32, Assert.IsType<FixedSizeBinaryType>(keys.ValueDataType).ByteWidth);
    }

    [Fact]
    public async Task A_nested_column_renamed_or_reshaped_keeps_duckdbs_types()
    {
        // Named like a table column but of another shape: DuckDB's types stand, nothing is forced.
        var (schema, batches) = await FlightAsync(FlightSqlCommand.Pack(
            """select [t.hash] as access_list, [t.access_list[1].address] as addresses from "edge/tricky".blocks t"""));
        var reshaped = Assert.IsType<ListType>(schema.GetFieldByName("access_list").DataType);
        Assert.IsType<BinaryType>(reshaped.ValueDataType);
        Assert.IsType<BinaryType>(Assert.IsType<ListType>(schema.GetFieldByName("addresses").DataType).ValueDataType);
        Assert.NotEmpty(batches);

        // A BLOB named like a Decimal128 column (Arrow counts decimals as FixedSizeBinary(16)) stays a BLOB.
        var (blobSchema, blobBatches) = await FlightAsync(FlightSqlCommand.Pack("""select t.hash as difficulty from "edge/tricky".blocks t"""));
        Assert.IsType<BinaryType>(blobSchema.GetFieldByName("difficulty").DataType);
        Assert.NotEmpty(blobBatches);
    }

    [Fact]
    public async Task A_plain_sql_command_and_a_sql_ticket_work_too()
    {
        const string sql = "select count(*) as n from anvil_rpc.blocks";
        var (_, batches) = await FlightAsync(ByteString.CopyFromUtf8(sql));
        Assert.Equal(["""{"n":20}"""], ArrowJson.Lines(batches));
        var direct = await ReadAsync(new FlightTicket(sql));
        Assert.Equal(["""{"n":20}"""], ArrowJson.Lines(direct));
    }

    [Fact]
    public async Task The_first_batch_arrives_before_the_query_finishes_and_a_client_that_leaves_frees_the_slot()
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var info = await servers.Flight.GetInfo(FlightDescriptor.CreateCommandDescriptor(FlightSqlCommand.Pack("select i from range(1000000000000) t(i)").ToByteArray())).ResponseAsync;
            using var call = servers.Flight.GetStream(Assert.Single(info.Endpoints).Ticket);
            Assert.True(await call.ResponseStream.MoveNext());
            var first = call.ResponseStream.Current;
            Assert.Equal(RecordBatches.FirstBatchRows, first.Length);
            Assert.Equal(0L, ((Int64Array)first.Column(0)).GetValue(0));
        }
        // Three abandoned trillion-row queries on two slots: each was ended when its client left.
        Assert.Equal(["""{"z":3}"""], await JsonlAsync("select 3 as z"));
    }

    [Fact]
    public async Task An_empty_result_still_has_its_schema()
    {
        var info = await servers.Flight.GetInfo(FlightDescriptor.CreateCommandDescriptor(FlightSqlCommand.Pack("select block_num from late_start.blocks").ToByteArray())).ResponseAsync;
        Assert.Equal(["block_num"], info.Schema.FieldsList.Select(f => f.Name));
        var call = servers.Flight.GetStream(Assert.Single(info.Endpoints).Ticket);
        Assert.False(await call.ResponseStream.MoveNext());
        Assert.Equal(["block_num"], (await call.ResponseStream.Schema).FieldsList.Select(f => f.Name));
    }

    [Theory]
    [InlineData("", StatusCode.InvalidArgument, QueryErrorCodes.InvalidSqlString)]
    [InlineData("selec 1", StatusCode.InvalidArgument, QueryErrorCodes.SqlParseError)]
    [InlineData("select * from read_csv('/etc/passwd')", StatusCode.InvalidArgument, QueryErrorCodes.FunctionNotAllowed)]
    [InlineData("copy (select 1) to '/tmp/amp-flight-escape.csv'", StatusCode.InvalidArgument, QueryErrorCodes.StatementNotAllowed)]
    [InlineData("select * from anvil_rpc.blocks SETTINGS stream = true", StatusCode.InvalidArgument, QueryErrorCodes.StreamingNotSupported)]
    [InlineData("select * from nope.blocks", StatusCode.NotFound, QueryErrorCodes.DatasetNotFound)]
    public async Task Refused_queries_fail_get_flight_info_with_the_code(string sql, StatusCode status, string code)
    {
        var failure = await Assert.ThrowsAsync<RpcException>(() =>
            servers.Flight.GetInfo(FlightDescriptor.CreateCommandDescriptor(FlightSqlCommand.Pack(sql).ToByteArray())).ResponseAsync);
        Assert.Equal(status, failure.StatusCode);
        Assert.StartsWith(code + ": ", failure.Status.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_ticket_works_once_and_an_unclaimed_one_expires_and_frees_its_slot()
    {
        var (_, first) = await FlightAsync(FlightSqlCommand.Pack("select 1 as x"));
        Assert.Equal(["""{"x":1}"""], ArrowJson.Lines(first));

        var infos = new List<FlightInfo>();
        for (var i = 0; i < 2; i++)
            infos.Add(await servers.Flight.GetInfo(FlightDescriptor.CreateCommandDescriptor(FlightSqlCommand.Pack("select 2 as y").ToByteArray())).ResponseAsync);
        // Both slots are held by parked queries; they expire after 3 s and a new query runs.
        Assert.Equal(["""{"z":3}"""], await JsonlAsync("select 3 as z"));
        var expired = await Assert.ThrowsAsync<RpcException>(() => ReadAsync(infos[0].Endpoints.Single().Ticket));
        Assert.Equal(StatusCode.NotFound, expired.StatusCode);
        Assert.StartsWith("TICKET_NOT_FOUND", expired.Status.Detail, StringComparison.Ordinal);
        Assert.Equal(Encoding.UTF8.GetBytes("amp-query/"), infos[1].Endpoints.Single().Ticket.Ticket.ToByteArray()[..10]);
    }
}
