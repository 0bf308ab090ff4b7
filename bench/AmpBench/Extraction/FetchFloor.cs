using System.Diagnostics;
using Amp.DataStore.Ranges;
using Amp.Extraction.Evm;
using Amp.Extraction.Rpc;

namespace Amp.Bench.Extraction;

/// <summary>
/// The two references an extraction rate is compared with. <see cref="CeilingAsync"/>: the replay server's own limit,
/// raw HTTP batches of block + receipts read and thrown away (no JSON parsing). <see cref="BareFetchAsync"/>: the floor
/// of extraction — the same requests through the same client a job uses (<see cref="EvmRpcClient"/>, same batch size,
/// same partitions as the job cuts), every block parsed, paired with its receipts and discarded.
/// </summary>
internal static class FetchFloor
{
    public sealed record Rate(double Seconds, long Blocks, long Bytes, double ClientCpuSeconds)
    {
        public double BlocksPerSecond => Blocks / Seconds;
    }

    public static async Task<Rate> CeilingAsync(Uri url, ulong blocks, int connections, int batch)
    {
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = connections }) { Timeout = TimeSpan.FromMinutes(2) };
        long next = -batch;
        long bytes = 0;
        var cpu = Common.ProcCpu.SelfSeconds();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            var buffer = new byte[256 * 1024];
            while (true)
            {
                var start = (ulong)Interlocked.Add(ref next, batch);
                if (start >= blocks)
                    return;
                var end = Math.Min(blocks, start + (ulong)batch);
                var body = new System.Text.StringBuilder("[");
                for (var n = start; n < end; n++)
                {
                    var hex = "0x" + n.ToString("x", System.Globalization.CultureInfo.InvariantCulture);
                    body.Append(System.Globalization.CultureInfo.InvariantCulture,
                        $"{{\"jsonrpc\":\"2.0\",\"id\":{2 * n},\"method\":\"eth_getBlockByNumber\",\"params\":[\"{hex}\",true]}},{{\"jsonrpc\":\"2.0\",\"id\":{2 * n + 1},\"method\":\"eth_getBlockReceipts\",\"params\":[\"{hex}\"]}}");
                    body.Append(n + 1 < end ? ',' : ']');
                }
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body.ToString(), System.Text.Encoding.UTF8, "application/json") };
                using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
                response.EnsureSuccessStatusCode();
                await using var stream = await response.Content.ReadAsStreamAsync();
                int read;
                while ((read = await stream.ReadAsync(buffer)) > 0)
                    Interlocked.Add(ref bytes, read);
            }
        })));
        return new Rate(sw.Elapsed.TotalSeconds, (long)blocks, bytes, Common.ProcCpu.SelfSeconds() - cpu);
    }

    public static async Task<Rate> BareFetchAsync(Uri url, ulong first, ulong last, int parallelism, int batchSize)
    {
        using var client = new EvmRpcClient(new EvmRpcClientOptions { Url = url, RpcBatchSize = batchSize });
        var partitions = RangePartitioning.SplitAndPartition([new BlockSpan(first, last)], parallelism);
        long blocks = 0;
        var cpu = Common.ProcCpu.SelfSeconds();
        var sw = Stopwatch.StartNew();
        await Task.WhenAll(partitions.Select(partition => Task.Run(async () =>
        {
            foreach (var span in partition)
            {
                await foreach (var block in client.StreamBlocksAsync(new BlockNumber(span.Start), new BlockNumber(span.End), CancellationToken.None))
                {
                    block.Dispose();
                    Interlocked.Increment(ref blocks);
                }
            }
        })));
        return new Rate(sw.Elapsed.TotalSeconds, blocks, 0, Common.ProcCpu.SelfSeconds() - cpu);
    }
}
