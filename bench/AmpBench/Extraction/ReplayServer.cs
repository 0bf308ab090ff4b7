using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Net;
using System.Text.Json;
using Amp.Bench.Common;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Amp.Bench.Extraction;

/// <summary>
/// <c>amp-bench replay --seed F --head H --port P</c>: a JSON-RPC server (Kestrel, 127.0.0.1) for a
/// <see cref="ReplayChain"/>, fast enough never to be the bottleneck: single calls and batches of
/// <c>eth_chainId</c>, <c>net_version</c>, <c>eth_blockNumber</c>, <c>eth_getBlockByNumber</c> (tags latest, safe,
/// finalized = head − 64, earliest; full or hashes), <c>eth_getBlockByHash</c>, <c>eth_getBlockReceipts</c>,
/// <c>eth_getTransactionReceipt</c> and <c>eth_getLogs</c> (block range, address and topic0 filters). Answers are
/// rendered from pre-serialized templates straight into the response pipe; no JSON tree is built per answer.
/// </summary>
internal static class ReplayServer
{
    public const string ChainId = "0x7a69";

    public static async Task<int> RunAsync(Args a)
    {
        var chain = ReplayChain.Load(a.Str("seed"), ulong.Parse(a.Str("head"), CultureInfo.InvariantCulture));
        var port = a.Int("port", 18546);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
            k.Limits.MinResponseDataRate = null;
        });
        var app = builder.Build();
        app.Run(context => HandleAsync(chain, context));
        await app.StartAsync();
        Console.Error.WriteLine($"replay: http://127.0.0.1:{port}/ serving blocks 0..={chain.Head} from {chain.SeedBlocks} seed blocks");
        var done = new TaskCompletionSource();
        using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            done.TrySetResult();
        });
        await done.Task;
        await app.StopAsync();
        return 0;
    }

    private static async Task HandleAsync(ReplayChain chain, HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            return;
        }
        JsonDocument body;
        try
        {
            body = await JsonDocument.ParseAsync(context.Request.Body);
        }
        catch (JsonException)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }
        using (body)
        {
            context.Response.ContentType = "application/json";
            var w = context.Response.BodyWriter;
            var root = body.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                w.Write("["u8);
                var first = true;
                foreach (var call in root.EnumerateArray())
                {
                    if (!first)
                        w.Write(","u8);
                    first = false;
                    Answer(chain, call, w);
                    if (w.UnflushedBytes > 256 * 1024)
                        await w.FlushAsync(context.RequestAborted);
                }
                w.Write("]"u8);
            }
            else
            {
                Answer(chain, root, w);
            }
            await w.FlushAsync(context.RequestAborted);
        }
    }

    private static void Answer(ReplayChain chain, JsonElement call, PipeWriter w)
    {
        w.Write("{\"jsonrpc\":\"2.0\",\"id\":"u8);
        if (call.ValueKind == JsonValueKind.Object && call.TryGetProperty("id"u8, out var id))
            w.Write(System.Text.Encoding.UTF8.GetBytes(id.GetRawText()));
        else
            w.Write("null"u8);
        var method = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("method"u8, out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : "";
        var p = call.ValueKind == JsonValueKind.Object && call.TryGetProperty("params"u8, out var ps) && ps.ValueKind == JsonValueKind.Array ? ps : default;
        try
        {
            switch (method)
            {
                case "eth_chainId":
                    Result(w, "\"0x7a69\""u8);
                    break;
                case "net_version":
                    Result(w, "\"31337\""u8);
                    break;
                case "eth_blockNumber":
                    w.Write(",\"result\":"u8);
                    ReplayChain.WriteQuantity(w, chain.Head);
                    break;
                case "eth_getBlockByNumber" or "eth_getBlockReceipts":
                {
                    var n = BlockParam(chain, p[0]);
                    w.Write(",\"result\":"u8);
                    if (n is not { } block)
                        w.Write("null"u8);
                    else if (method == "eth_getBlockReceipts")
                        chain.WriteReceipts(w, block);
                    else
                        chain.WriteBlock(w, block, p.GetArrayLength() > 1 && p[1].ValueKind == JsonValueKind.True);
                    break;
                }
                case "eth_getBlockByHash":
                {
                    var n = chain.BlockOfHash(p[0].GetString() ?? "");
                    w.Write(",\"result\":"u8);
                    if (n is { } block)
                        chain.WriteBlock(w, block, p.GetArrayLength() > 1 && p[1].ValueKind == JsonValueKind.True);
                    else
                        w.Write("null"u8);
                    break;
                }
                case "eth_getTransactionReceipt":
                {
                    var tx = chain.TransactionOfHash(p[0].GetString() ?? "");
                    w.Write(",\"result\":"u8);
                    if (tx is { } t)
                        chain.WriteReceipt(w, t.Block, t.Index);
                    else
                        w.Write("null"u8);
                    break;
                }
                case "eth_getLogs":
                    Logs(chain, p[0], w);
                    break;
                default:
                    Error(w, -32601, $"the method {method} does not exist/is not available");
                    break;
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IndexOutOfRangeException or FormatException or OverflowException or KeyNotFoundException)
        {
            Error(w, -32602, $"invalid params for {method}: {e.Message}");
        }
        w.Write("}"u8);
    }

    private static void Logs(ReplayChain chain, JsonElement filter, PipeWriter w)
    {
        if (filter.TryGetProperty("blockHash"u8, out var hashElement))
        {
            var n = chain.BlockOfHash(hashElement.GetString() ?? "");
            w.Write(",\"result\":["u8);
            if (n is { } block)
                chain.WriteLogs(w, block, Addresses(filter), Topic0(filter), leadingComma: false);
            w.Write("]"u8);
            return;
        }
        var from = filter.TryGetProperty("fromBlock"u8, out var f) ? BlockParam(chain, f) : chain.Head;
        var to = filter.TryGetProperty("toBlock"u8, out var t) ? BlockParam(chain, t) : chain.Head;
        if (from is not { } start || to is not { } end)
        {
            Error(w, -32000, "block range extends beyond current head block");
            return;
        }
        var addresses = Addresses(filter);
        var topic0 = Topic0(filter);
        w.Write(",\"result\":["u8);
        var any = false;
        for (var n = start; n <= end; n++)
            any |= chain.WriteLogs(w, n, addresses, topic0, leadingComma: any) > 0;
        w.Write("]"u8);
    }

    private static HashSet<string>? Addresses(JsonElement filter) =>
        filter.TryGetProperty("address"u8, out var a) ? StringSet(a) : null;

    private static HashSet<string>? Topic0(JsonElement filter) =>
        filter.TryGetProperty("topics"u8, out var t) && t.ValueKind == JsonValueKind.Array && t.GetArrayLength() > 0 ? StringSet(t[0]) : null;

    private static HashSet<string>? StringSet(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => [e.GetString()!.ToLowerInvariant()],
        JsonValueKind.Array => e.EnumerateArray().Select(x => x.GetString()!.ToLowerInvariant()).ToHashSet(),
        _ => null,
    };

    private static ulong? BlockParam(ReplayChain chain, JsonElement tag)
    {
        var s = tag.ValueKind == JsonValueKind.String ? tag.GetString()! : tag.GetRawText();
        return s switch
        {
            "latest" or "pending" or "safe" => chain.Head,
            "finalized" => chain.Head >= 64 ? chain.Head - 64 : 0,
            "earliest" => 0,
            _ when s.Length == 66 => chain.BlockOfHash(s), // a block hash (EIP-1898), as Ponder asks for receipts
            _ when s.StartsWith("0x", StringComparison.Ordinal) => ulong.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var n && n <= chain.Head ? n : null,
            _ => ulong.Parse(s, CultureInfo.InvariantCulture) is var d && d <= chain.Head ? d : null,
        };
    }

    private static void Result(PipeWriter w, ReadOnlySpan<byte> raw)
    {
        w.Write(",\"result\":"u8);
        w.Write(raw);
    }

    private static void Error(PipeWriter w, int code, string message)
    {
        w.Write(",\"error\":"u8);
        w.Write(JsonSerializer.SerializeToUtf8Bytes(new { code, message }));
    }
}
