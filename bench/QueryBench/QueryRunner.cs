using System.Diagnostics;
using System.Globalization;
using System.Text;
using Apache.Arrow.Flight;
using Apache.Arrow.Flight.Client;
using DuckDB.NET.Data;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;

namespace Amp.Bench.Query;

/// <summary>One timed run: rows read, time to the first row, time to the last.</summary>
internal readonly record struct Timing(long Rows, double FirstRowMs, double TotalMs);

/// <summary>
/// Times each query over JSON Lines (reading every line), Arrow Flight (FlightSQL CommandStatementQuery, reading every
/// batch) and DuckDB in process over the same Parquet files (reading every value: the floor).
/// </summary>
internal sealed class QueryRunner(HttpClient http, string jsonlUrl, string flightUrl, string datasetDir)
{
    private static readonly (string Name, string Sql)[] Queries =
    [
        ("SELECT * transactions", "select * from anvil_rpc.transactions"),
        ("SELECT * logs", "select * from anvil_rpc.logs"),
        ("narrow: 4 columns of logs", "select block_num, log_index, address, topic0 from anvil_rpc.logs"),
        ("point: one block", "select * from anvil_rpc.blocks where block_num = {mid}"),
        ("count(*) transactions", "select count(*) as n from anvil_rpc.transactions"),
    ];

    public long Transactions { get; private set; }

    public long Logs { get; private set; }

    public async Task<string> RunAsync(int runs)
    {
        Transactions = await CountAsync("transactions");
        Logs = await CountAsync("logs");
        var blocks = await CountAsync("blocks");
        using var channel = GrpcChannel.ForAddress(flightUrl);
        var flight = new FlightClient(channel);
        var text = new StringBuilder();
        text.AppendLine("| query | path | rows | first row (ms) | total (ms), median (min–max) | rows/s |");
        text.AppendLine("|---|---|---:|---:|---:|---:|");
        foreach (var (name, template) in Queries)
        {
            var sql = template.Replace("{mid}", (blocks / 2).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
            // One warm-up of each path, then the timed runs.
            var paths = new (string Path, Func<Task<Timing>> Run)[]
            {
                ("JSON Lines", () => JsonlAsync(sql)),
                ("Arrow Flight", () => FlightAsync(flight, sql)),
                ("DuckDB direct (floor)", () => Task.Run(() => Direct(sql))),
            };
            foreach (var (path, run) in paths)
            {
                await run();
                var timings = new List<Timing>();
                for (var i = 0; i < runs; i++)
                    timings.Add(await run());
                var first = Median(timings.Select(t => t.FirstRowMs));
                var total = Median(timings.Select(t => t.TotalMs));
                var (fastest, slowest) = (timings.Min(t => t.TotalMs), timings.Max(t => t.TotalMs));
                var rows = timings[0].Rows;
                Console.Error.WriteLine($"   {name} / {path}: {rows} rows, first {first:F1} ms, total {total:F1} ms");
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {name} | {path} | {rows:N0} | {first:F1} | {total:F1} ({fastest:F1}–{slowest:F1}) | {(rows > 1 ? (rows / (total / 1000)).ToString("N0", CultureInfo.InvariantCulture) : "—")} |"));
            }
        }
        return text.ToString();
    }

    private async Task<long> CountAsync(string table)
    {
        var body = await (await http.PostAsync(new Uri(jsonlUrl + "/"), new StringContent($"select count(*) as n from anvil_rpc.{table}"))).Content.ReadAsStringAsync();
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("n").GetInt64();
    }

    private async Task<Timing> JsonlAsync(string sql)
    {
        var clock = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(jsonlUrl + "/")) { Content = new StringContent(sql) };
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        long rows = 0;
        double first = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
                continue;
            if (rows++ == 0)
                first = clock.Elapsed.TotalMilliseconds;
        }
        return new Timing(rows, first, clock.Elapsed.TotalMilliseconds);
    }

    private static async Task<Timing> FlightAsync(FlightClient client, string sql)
    {
        var clock = Stopwatch.StartNew();
        var info = await client.GetInfo(FlightDescriptor.CreateCommandDescriptor(StatementQuery(sql).ToByteArray())).ResponseAsync;
        var call = client.GetStream(info.Endpoints[0].Ticket);
        long rows = 0;
        double first = 0;
        while (await call.ResponseStream.MoveNext())
        {
            if (rows == 0)
                first = clock.Elapsed.TotalMilliseconds;
            rows += call.ResponseStream.Current.Length;
        }
        return new Timing(rows, first, clock.Elapsed.TotalMilliseconds);
    }

    // One in-memory DuckDB for the driver's life, opened outside the timing: the floor is the query alone.
    private DuckDBConnection Duck => _duck ??= OpenDuck();
    private DuckDBConnection? _duck;

    private static DuckDBConnection OpenDuck()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var threads = connection.CreateCommand();
        threads.CommandText = "SET threads = 2";
        threads.ExecuteNonQuery();
        return connection;
    }

    private Timing Direct(string sql)
    {
        foreach (var table in new[] { "transactions", "logs", "blocks" })
            sql = sql.Replace($"anvil_rpc.{table}", $"read_parquet('{Path.Combine(datasetDir, table)}/*/*.parquet')", StringComparison.Ordinal);
        var clock = Stopwatch.StartNew();
        using var command = Duck.CreateCommand();
        command.CommandText = sql;
        command.UseStreamingMode = true;
        using var reader = command.ExecuteReader();
        long rows = 0;
        double first = 0;
        var values = new object[reader.FieldCount];
        while (reader.Read())
        {
            if (rows++ == 0)
                first = clock.Elapsed.TotalMilliseconds;
            reader.GetValues(values);
        }
        return new Timing(rows, first, clock.Elapsed.TotalMilliseconds);
    }

    private static ByteString StatementQuery(string sql)
    {
        using var buffer = new MemoryStream();
        using (var output = new CodedOutputStream(buffer, leaveOpen: true))
        {
            output.WriteTag(1, WireFormat.WireType.LengthDelimited);
            output.WriteString(sql);
        }
        return new Any { TypeUrl = "type.googleapis.com/arrow.flight.protocol.sql.CommandStatementQuery", Value = ByteString.CopyFrom(buffer.ToArray()) }.ToByteString();
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
