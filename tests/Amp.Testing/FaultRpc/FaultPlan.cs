namespace Amp.Testing.FaultRpc;

/// <summary>
/// The faults a <see cref="FaultRpcServer"/> injects. Each fault fires a given number of times (default: once, or
/// for ever for the data-shape faults) and then the server answers normally again. Thread-safe.
/// </summary>
public sealed class FaultPlan
{
    private readonly object _gate = new();
    private readonly List<Rule> _rules = [];

    internal enum Kind
    {
        CallError, NullBlock, NullReceipts, TooLarge, BatchLimit, TooManyRequests, Slow, Truncate, DropLastReceipt, WrongReceiptHash,
    }

    internal sealed class Rule(Kind kind, int times)
    {
        public Kind Kind { get; } = kind;
        public int Remaining { get; set; } = times;
        public string? Method { get; init; }
        public ulong? Block { get; init; }
        public int Code { get; init; }
        public int MaxCalls { get; init; }
        public TimeSpan Delay { get; init; }
    }

    /// <summary>Call <paramref name="method"/> for <paramref name="block"/> answers a JSON-RPC error item.</summary>
    public FaultPlan CallError(string method, ulong block, int code = -32000, int times = 1) =>
        Add(new Rule(Kind.CallError, times) { Method = method, Block = block, Code = code });

    /// <summary><c>eth_getBlockByNumber</c> for the block answers null.</summary>
    public FaultPlan NullBlock(ulong block, int times = 1) => Add(new Rule(Kind.NullBlock, times) { Block = block });

    /// <summary><c>eth_getBlockReceipts</c> (and <c>eth_getTransactionReceipt</c> of its transactions) answers null.</summary>
    public FaultPlan NullReceipts(ulong block, int times = 1) => Add(new Rule(Kind.NullReceipts, times) { Block = block });

    /// <summary>Every receipt call of a request with more than <paramref name="maxCalls"/> calls answers -32020 response too large.</summary>
    public FaultPlan ResponseTooLargeAbove(int maxCalls, int times = int.MaxValue) => Add(new Rule(Kind.TooLarge, times) { MaxCalls = maxCalls });

    /// <summary>A request with more than <paramref name="maxCalls"/> calls answers one error object -32007 batch limit exceeded.</summary>
    public FaultPlan BatchLimit(int maxCalls, int times = int.MaxValue) => Add(new Rule(Kind.BatchLimit, times) { MaxCalls = maxCalls });

    /// <summary>HTTP 429 with <c>Retry-After: seconds</c>.</summary>
    public FaultPlan TooManyRequests(int retryAfterSeconds, int times = 1) => Add(new Rule(Kind.TooManyRequests, times) { Delay = TimeSpan.FromSeconds(retryAfterSeconds) });

    /// <summary>
    /// The answer is held back for <paramref name="delay"/>: of any request, or with <paramref name="block"/> only of a
    /// request that asks <c>eth_getBlockByNumber</c> for that block.
    /// </summary>
    public FaultPlan Slow(TimeSpan delay, int times = 1, ulong? block = null) => Add(new Rule(Kind.Slow, times) { Delay = delay, Block = block });

    /// <summary>Only the first half of the answer is sent.</summary>
    public FaultPlan Truncate(int times = 1) => Add(new Rule(Kind.Truncate, times));

    /// <summary>The block's receipt list lacks its last receipt.</summary>
    public FaultPlan DropLastReceipt(ulong block, int times = int.MaxValue) => Add(new Rule(Kind.DropLastReceipt, times) { Block = block });

    /// <summary>The block's first receipt names another transaction hash.</summary>
    public FaultPlan WrongReceiptHash(ulong block, int times = int.MaxValue) => Add(new Rule(Kind.WrongReceiptHash, times) { Block = block });

    /// <summary>The provider heals: every fault is dropped and the server answers normally from now on.</summary>
    public void Clear()
    {
        lock (_gate)
            _rules.Clear();
    }

    private FaultPlan Add(Rule rule)
    {
        lock (_gate)
            _rules.Add(rule);
        return this;
    }

    /// <summary>The first matching rule with firings left, consumed; null when none.</summary>
    internal Rule? Take(Kind kind, Func<Rule, bool> matches)
    {
        lock (_gate)
        {
            var rule = _rules.FirstOrDefault(r => r.Kind == kind && r.Remaining > 0 && matches(r));
            if (rule is not null)
                rule.Remaining--;
            return rule;
        }
    }
}
