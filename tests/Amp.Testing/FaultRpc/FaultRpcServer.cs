using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using static Amp.Testing.FaultRpc.FaultPlan;

namespace Amp.Testing.FaultRpc;

/// <summary>One HTTP request the server received: its first call's method, how many calls, their first params, its headers.</summary>
public sealed record RecordedRequest(string Method, int Calls, IReadOnlyList<string> FirstParams, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real JSON-RPC server (Kestrel, loopback, a port of its own) serving <see cref="ChainData"/> for
/// <c>eth_getBlockByNumber</c>, <c>eth_getBlockReceipts</c>, <c>eth_getTransactionReceipt</c>, <c>eth_blockNumber</c>
/// and <c>eth_chainId</c>, single or batched, with the faults of its <see cref="FaultPlan"/>.
/// </summary>
public sealed class FaultRpcServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<RecordedRequest> _requests = new();
    private int _inFlight;
    private int _maxInFlight;

    private FaultRpcServer(WebApplication app, ChainData chain)
    {
        _app = app;
        Chain = chain;
    }

    public ChainData Chain { get; }

    public FaultPlan Faults { get; } = new();

    public Uri Url { get; private set; } = null!;

    public IReadOnlyList<RecordedRequest> Requests => _requests.ToArray();

    /// <summary>The most requests the server held at once (received, not yet answered).</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    public static async Task<FaultRpcServer> StartAsync(ChainData chain)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new FaultRpcServer(app, chain);
        app.MapPost("/", server.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.Url = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref _inFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, now, max) != max)
        {
        }
        // A request stops being in flight when its answer starts, not when the body has been written: by then the
        // client may already have its answer and have sent the next request.
        var answered = 0;
        void Answered()
        {
            if (Interlocked.Exchange(ref answered, 1) == 0)
                Interlocked.Decrement(ref _inFlight);
        }
        context.Response.OnStarting(() => { Answered(); return Task.CompletedTask; });
        try
        {
            await AnswerAsync(context).ConfigureAwait(false);
        }
        finally
        {
            Answered();
        }
    }

    private async Task AnswerAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false);
        var calls = body is JsonArray array ? array.Select(c => c!.AsObject()).ToList() : [body!.AsObject()];
        _requests.Enqueue(new RecordedRequest(
            calls[0]["method"]!.GetValue<string>(), calls.Count,
            calls.Select(c => c["params"]?.AsArray().FirstOrDefault()?.ToString() ?? "").ToList(),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));

        if (Faults.Take(Kind.TooManyRequests, _ => true) is { } limited)
        {
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = ((int)limited.Delay.TotalSeconds).ToString(CultureInfo.InvariantCulture);
            return;
        }
        if (Faults.Take(Kind.Slow, r => r.Block is not { } b || calls.Any(c => IsBlockCall(c, b))) is { } slow)
            await Task.Delay(slow.Delay, context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (context.RequestAborted.IsCancellationRequested)
            return;

        JsonNode answer;
        if (Faults.Take(Kind.BatchLimit, r => calls.Count > r.MaxCalls) is not null)
            answer = Error(null, -32007, "batch limit exceeded");
        else
        {
            var tooLarge = Faults.Take(Kind.TooLarge, r => calls.Count > r.MaxCalls && calls.Any(c => IsReceipts(c["method"]!.GetValue<string>()))) is not null;
            var answers = calls.Select(c => Answer(c, tooLarge)).ToArray();
            answer = body is JsonArray ? new JsonArray(answers) : answers[0]!;
        }
        var bytes = Encoding.UTF8.GetBytes(answer.ToJsonString());
        context.Response.ContentType = "application/json";
        if (Faults.Take(Kind.Truncate, _ => true) is not null)
        {
            await context.Response.Body.WriteAsync(bytes.AsMemory(0, bytes.Length / 2)).ConfigureAwait(false);
            return;
        }
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes).ConfigureAwait(false);
    }

    private static bool IsBlockCall(JsonObject call, ulong block) =>
        call["method"]!.GetValue<string>() == "eth_getBlockByNumber"
        && call["params"]?.AsArray().FirstOrDefault()?.ToString() is ['0', 'x', .. var hex]
        && ulong.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var n) && n == block;

    private static bool IsReceipts(string method) => method is "eth_getBlockReceipts" or "eth_getTransactionReceipt";

    private JsonNode Answer(JsonObject call, bool tooLarge)
    {
        var id = call["id"]?.DeepClone();
        var method = call["method"]!.GetValue<string>();
        var parameters = call["params"]?.AsArray() ?? [];
        if (tooLarge && IsReceipts(method))
            return Error(id, -32020, "response too large");
        ulong? block = method switch
        {
            "eth_getBlockByNumber" or "eth_getBlockReceipts" => BlockParam(parameters[0]!.GetValue<string>()),
            "eth_getTransactionReceipt" => Chain.ReceiptOf(parameters[0]!.GetValue<string>())?.Block,
            _ => null,
        };
        if (block is { } n && Faults.Take(Kind.CallError, r => r.Method == method && r.Block == n) is { } failing)
            return Error(id, failing.Code, $"injected failure of {method} for block {n}");
        return Result(id, method switch
        {
            "eth_chainId" => "0x7a69",
            "eth_blockNumber" => Chain.IsEmpty ? null : ChainData.Hex(Chain.Head),
            "eth_getBlockByNumber" => Block(block, parameters.Count > 1 && parameters[1]!.GetValue<bool>()),
            "eth_getBlockReceipts" => BlockReceipts(block),
            "eth_getTransactionReceipt" => TransactionReceipt(block, parameters[0]!.GetValue<string>()),
            _ => throw new BadHttpRequestException($"method {method} is not served"),
        });
    }

    private ulong? BlockParam(string tag) => Chain.IsEmpty ? null : tag switch
    {
        "latest" or "pending" or "safe" => Chain.Head,
        "finalized" => Chain.Head >= 64 ? Chain.Head - 64 : 0,
        "earliest" => 0,
        _ => ulong.Parse(tag.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture) is var n && n <= Chain.Head ? n : null,
    };

    private JsonNode? Block(ulong? number, bool full)
    {
        if (number is not { } n || Faults.Take(Kind.NullBlock, r => r.Block == n) is not null)
            return null;
        var block = Chain.Block(n).DeepClone().AsObject();
        if (!full)
            block["transactions"] = new JsonArray(block["transactions"]!.AsArray().Select(t => (JsonNode?)t!["hash"]!.DeepClone()).ToArray());
        return block;
    }

    private JsonNode? BlockReceipts(ulong? number)
    {
        if (number is not { } n || Faults.Take(Kind.NullReceipts, r => r.Block == n) is not null)
            return null;
        var receipts = Chain.Receipts(n).DeepClone().AsArray();
        if (receipts.Count > 0 && Faults.Take(Kind.DropLastReceipt, r => r.Block == n) is not null)
            receipts.RemoveAt(receipts.Count - 1);
        if (receipts.Count > 0 && Faults.Take(Kind.WrongReceiptHash, r => r.Block == n) is not null)
            receipts[0]!["transactionHash"] = "0x" + new string('e', 64);
        return receipts;
    }

    private JsonNode? TransactionReceipt(ulong? number, string hash)
    {
        if (number is not { } n || Faults.Take(Kind.NullReceipts, r => r.Block == n) is not null)
            return null;
        return Chain.ReceiptOf(hash)!.Value.Receipt.DeepClone();
    }

    private static JsonObject Result(JsonNode? id, JsonNode? result) => new() { ["jsonrpc"] = "2.0", ["id"] = id, ["result"] = result };

    private static JsonObject Error(JsonNode? id, int code, string message) =>
        new() { ["jsonrpc"] = "2.0", ["id"] = id, ["error"] = new JsonObject { ["code"] = code, ["message"] = message } };

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
