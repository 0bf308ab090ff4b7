using System.Text;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace Amp.Query.Flight;

/// <summary>
/// The SQL of a Flight command: a packed FlightSQL <c>CommandStatementQuery{query = 1, transaction_id = 2}</c> in a
/// <c>google.protobuf.Any</c> (what Amp's TypeScript client sends), or else the command bytes as UTF-8 SQL text.
/// </summary>
public static class FlightSqlCommand
{
    public const string StatementQueryTypeUrl = "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery";

    public static string SqlOf(ByteString command)
    {
        if (TryUnpackStatementQuery(command, out var sql))
            return sql;
        return command.ToStringUtf8();
    }

    /// <summary>Packs <paramref name="sql"/> as FlightSQL clients do.</summary>
    public static ByteString Pack(string sql)
    {
        var query = new MemoryStream();
        using (var output = new CodedOutputStream(query, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(sql);
        }
        return new Any { TypeUrl = StatementQueryTypeUrl, Value = ByteString.CopyFrom(query.ToArray()) }.ToByteString();
    }

    private static bool TryUnpackStatementQuery(ByteString command, out string sql)
    {
        sql = "";
        Any any;
        try
        {
            any = Any.Parser.ParseFrom(command);
        }
        catch (InvalidProtocolBufferException)
        {
            return false;
        }
        if (!string.Equals(any.TypeUrl, StatementQueryTypeUrl, StringComparison.Ordinal))
            return false;
        var input = new CodedInputStream(any.Value.ToByteArray());
        var text = new StringBuilder();
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            if (WireFormat.GetTagFieldNumber(tag) == 1 && WireFormat.GetTagWireType(tag) == WireFormat.WireType.LengthDelimited)
                text.Append(input.ReadString());
            else
                input.SkipLastField();
        }
        sql = text.ToString();
        return true;
    }
}
