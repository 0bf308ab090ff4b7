using System.Globalization;
using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Arrays;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Amp.EndToEnd.Tests.Query;

/// <summary>
/// A Flight client doing what Amp's TypeScript client does (extraction-notes.md): <c>GetFlightInfo</c> with a CMD
/// descriptor holding a packed FlightSQL <c>CommandStatementQuery{query}</c>, then <c>DoGet</c> of the first
/// endpoint's ticket. Rows are rendered as Amp's JSON values, to compare with the JSON Lines transport.
/// </summary>
public sealed class AmpFlightClient(string url) : IDisposable
{
    private readonly GrpcChannel _channel = GrpcChannel.ForAddress(url);

    public async Task<(Schema Schema, List<RecordBatch> Batches)> QueryAsync(string sql)
    {
        var client = new FlightClient(_channel);
        var info = await client.GetInfo(FlightDescriptor.CreateCommandDescriptor(StatementQuery(sql).ToByteArray())).ResponseAsync;
        var call = client.GetStream(Assert.Single(info.Endpoints).Ticket);
        var batches = new List<RecordBatch>();
        while (await call.ResponseStream.MoveNext())
            batches.Add(call.ResponseStream.Current);
        return (info.Schema, batches);
    }

    /// <summary><c>google.protobuf.Any</c> of <c>arrow.flight.protocol.sql.CommandStatementQuery{query = 1}</c>.</summary>
    public static ByteString StatementQuery(string sql)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(sql);
        }
        return new Any
        {
            TypeUrl = "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery",
            Value = ByteString.CopyFrom(buffer.ToArray()),
        }.ToByteString();
    }

    /// <summary>Each row as Amp's JSON object (null columns left out, binary as hex, timestamps RFC 3339 UTC), for the types of raw tables.</summary>
    public static List<string> JsonRows(IEnumerable<RecordBatch> batches)
    {
        var rows = new List<string>();
        foreach (var batch in batches)
        {
            for (var row = 0; row < batch.Length; row++)
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer))
                {
                    writer.WriteStartObject();
                    for (var column = 0; column < batch.ColumnCount; column++)
                    {
                        var array = batch.Column(column);
                        if (array.IsNull(row))
                            continue;
                        writer.WritePropertyName(batch.Schema.GetFieldByIndex(column).Name);
                        WriteValue(writer, array, row);
                    }
                    writer.WriteEndObject();
                }
                rows.Add(Encoding.UTF8.GetString(buffer.ToArray()));
            }
        }
        return rows;
    }

    private static void WriteValue(Utf8JsonWriter writer, IArrowArray array, int row)
    {
        switch (array)
        {
            case UInt64Array a: writer.WriteNumberValue(a.GetValue(row)!.Value); break;
            case UInt32Array a: writer.WriteNumberValue(a.GetValue(row)!.Value); break;
            case Int64Array a: writer.WriteNumberValue(a.GetValue(row)!.Value); break;
            case Int32Array a: writer.WriteNumberValue(a.GetValue(row)!.Value); break;
            case StringArray a: writer.WriteStringValue(a.GetString(row)); break;
            case FixedSizeBinaryArray a: writer.WriteStringValue(Convert.ToHexStringLower(a.GetBytes(row))); break;
            case BinaryArray a: writer.WriteStringValue(Convert.ToHexStringLower(a.GetBytes(row))); break;
            case TimestampArray a:
                writer.WriteStringValue(a.GetTimestamp(row)!.Value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"no JSON rendering for {array.Data.DataType.Name} in this test");
        }
    }

    public void Dispose() => _channel.Dispose();
}
