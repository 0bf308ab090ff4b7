using System.Buffers;
using System.Buffers.Binary;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Amp.Bench.Extraction;

/// <summary>
/// A chain of any length made from a small seed recorded from anvil (<see cref="Amp.Bench.Extraction.SeedChain"/>):
/// block n is seed block <c>n % seed</c> renumbered. Each seed block is serialized once into a template of literal
/// UTF-8 pieces and holes (number, hash, parent hash, timestamp, transaction hashes); rendering block n copies the
/// pieces and writes the holes for n. Hashes are derived from n (and the transaction index) and encode them, so
/// every parentHash links, receipts and logs name their transaction, and a hash can be looked up without an index.
/// </summary>
public sealed partial class ReplayChain
{
    private const ulong NumberMask = 0x5bd1e9955bd1e995UL;
    private const ulong TimestampBase = 1_700_000_000UL;
    private readonly SeedBlock[] _seed;

    private ReplayChain(SeedBlock[] seed, ulong head)
    {
        _seed = seed;
        Head = head;
    }

    public ulong Head { get; }

    public int SeedBlocks => _seed.Length;

    public int TransactionCount(ulong n) => _seed[n % (ulong)_seed.Length].Transactions;

    public int LogCount(ulong n) => _seed[n % (ulong)_seed.Length].Logs.Length;

    public static ReplayChain Load(string seedPath, ulong head)
    {
        var root = JsonNode.Parse(File.ReadAllText(seedPath))!.AsObject();
        var seed = root["blocks"]!.AsArray().Select(b => SeedBlock.Of(b!["block"]!.AsObject(), b["receipts"]!.AsArray())).ToArray();
        if (seed.Length == 0)
            throw new InvalidDataException($"{seedPath}: no blocks");
        return new ReplayChain(seed, head);
    }

    public void WriteBlock(IBufferWriter<byte> w, ulong n, bool full) => (full ? _seed[Index(n)].FullBlock : _seed[Index(n)].HashesBlock).Render(w, n);

    public void WriteReceipts(IBufferWriter<byte> w, ulong n)
    {
        var block = _seed[Index(n)];
        w.Write("["u8);
        for (var i = 0; i < block.Receipts.Length; i++)
        {
            if (i > 0)
                w.Write(","u8);
            block.Receipts[i].Render(w, n);
        }
        w.Write("]"u8);
    }

    public void WriteReceipt(IBufferWriter<byte> w, ulong n, int tx) => _seed[Index(n)].Receipts[tx].Render(w, n);

    /// <summary>Logs of block n matching the filter (null = any); returns how many were written (comma-separated, no brackets).</summary>
    public int WriteLogs(IBufferWriter<byte> w, ulong n, HashSet<string>? addresses, HashSet<string>? topic0, bool leadingComma)
    {
        var written = 0;
        foreach (var log in _seed[Index(n)].Logs)
        {
            if (addresses is not null && !addresses.Contains(log.Address))
                continue;
            if (topic0 is not null && (log.Topic0 is null || !topic0.Contains(log.Topic0)))
                continue;
            if (leadingComma || written > 0)
                w.Write(","u8);
            log.Template.Render(w, n);
            written++;
        }
        return written;
    }

    private int Index(ulong n) => (int)(n % (ulong)_seed.Length);

    /// <summary>The block number a block hash of this chain encodes, or null for a hash that is not one of its blocks.</summary>
    public ulong? BlockOfHash(string hash)
    {
        if (hash.Length != 66 || !TryHex(hash, out var bytes))
            return null;
        var n = Unmix(BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(24))) ^ NumberMask;
        return n <= Head && hash.Equals(HashString(n, 0, 0), StringComparison.OrdinalIgnoreCase) ? n : null;
    }

    /// <summary>(block, transaction index) a transaction hash of this chain encodes, or null.</summary>
    public (ulong Block, int Index)? TransactionOfHash(string hash)
    {
        if (hash.Length != 66 || !TryHex(hash, out var bytes))
            return null;
        var tail = BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(24));
        var n = Unmix(tail) ^ NumberMask;
        var i = BinaryPrimitives.ReadUInt16BigEndian(bytes.AsSpan(22)) ^ (ushort)(tail >> 16);
        return n <= Head && i < TransactionCount(n) && hash.Equals(HashString(n, 1, i + 1), StringComparison.OrdinalIgnoreCase) ? (n, i) : null;
    }

    private static bool TryHex(string hash, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(hash.AsSpan(2));
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    private static string HashString(ulong n, int kind, int index)
    {
        var w = new ArrayBufferWriter<byte>(70);
        WriteHash(w, n, kind, index);
        return Encoding.ASCII.GetString(w.WrittenSpan)[1..^1];
    }

    /// <summary>
    /// A quoted 32-byte hash: 22 bytes mixed from (n, kind, index), then the index (u16, masked) and a bijective mix of
    /// n (u64), so it looks random (and compresses like a real hash) but can be read back. kind 0 = block, 1 = transaction
    /// (index = tx + 1).
    /// </summary>
    internal static void WriteHash(IBufferWriter<byte> w, ulong n, int kind, int index)
    {
        Span<byte> raw = stackalloc byte[32];
        var state = n * 0x9E3779B97F4A7C15UL ^ ((ulong)kind << 56) ^ ((ulong)index << 32);
        for (var k = 0; k < 3; k++)
            BinaryPrimitives.WriteUInt64BigEndian(raw[(k * 8)..], Mix(ref state));
        var tail = Finalize(n ^ NumberMask);
        BinaryPrimitives.WriteUInt16BigEndian(raw[22..], (ushort)(Math.Max(0, index - 1) ^ (ushort)(tail >> 16)));
        BinaryPrimitives.WriteUInt64BigEndian(raw[24..], tail);
        var span = w.GetSpan(68);
        span[0] = (byte)'"';
        span[1] = (byte)'0';
        span[2] = (byte)'x';
        for (var i = 0; i < 32; i++)
        {
            span[3 + 2 * i] = HexDigit(raw[i] >> 4);
            span[4 + 2 * i] = HexDigit(raw[i] & 0xf);
        }
        span[67] = (byte)'"';
        w.Advance(68);
    }

    internal static void WriteQuantity(IBufferWriter<byte> w, ulong value)
    {
        var span = w.GetSpan(21);
        span[0] = (byte)'"';
        span[1] = (byte)'0';
        span[2] = (byte)'x';
        var digits = value == 0 ? 1 : (64 - System.Numerics.BitOperations.LeadingZeroCount(value) + 3) / 4;
        for (var i = 0; i < digits; i++)
            span[3 + i] = HexDigit((int)(value >> (4 * (digits - 1 - i))) & 0xf);
        span[3 + digits] = (byte)'"';
        w.Advance(4 + digits);
    }

    private static byte HexDigit(int d) => (byte)(d < 10 ? '0' + d : 'a' + d - 10);

    private const ulong M1 = 0xBF58476D1CE4E5B9UL;
    private const ulong M2 = 0x94D049BB133111EBUL;
    private static readonly ulong InverseM1 = Inverse(M1);
    private static readonly ulong InverseM2 = Inverse(M2);

    private static ulong Mix(ref ulong state) => Finalize(state += 0x9E3779B97F4A7C15UL);

    /// <summary>SplitMix64's finalizer: a bijection of 64-bit words.</summary>
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * M1;
        z = (z ^ (z >> 27)) * M2;
        return z ^ (z >> 31);
    }

    private static ulong Unmix(ulong z)
    {
        z = UnshiftXor(z, 31) * InverseM2;
        z = UnshiftXor(z, 27) * InverseM1;
        return UnshiftXor(z, 30);
    }

    private static ulong UnshiftXor(ulong y, int shift)
    {
        var x = y;
        for (var i = 0; i < 64 / shift + 1; i++)
            x = y ^ (x >> shift);
        return x;
    }

    /// <summary>The multiplicative inverse of an odd number modulo 2^64 (Newton's iteration).</summary>
    private static ulong Inverse(ulong a)
    {
        var x = a;
        for (var i = 0; i < 6; i++)
            x *= 2 - a * x;
        return x;
    }

    internal enum HoleKind : byte { Number, Hash, ParentHash, Timestamp, Transaction, SignatureR, SignatureS }

    internal readonly record struct Piece(byte[] Literal, HoleKind? Hole, int Tx);

    /// <summary>Pre-serialized JSON with holes.</summary>
    internal sealed partial class Template(Piece[] pieces)
    {
        public void Render(IBufferWriter<byte> w, ulong n)
        {
            foreach (var piece in pieces)
            {
                w.Write(piece.Literal);
                switch (piece.Hole)
                {
                    case HoleKind.Number:
                        WriteQuantity(w, n);
                        break;
                    case HoleKind.Hash:
                        WriteHash(w, n, 0, 0);
                        break;
                    case HoleKind.ParentHash:
                        if (n == 0)
                            w.Write("\"0x0000000000000000000000000000000000000000000000000000000000000000\""u8);
                        else
                            WriteHash(w, n - 1, 0, 0);
                        break;
                    case HoleKind.Timestamp:
                        WriteQuantity(w, TimestampBase + 12 * n);
                        break;
                    case HoleKind.Transaction:
                        WriteHash(w, n, 1, piece.Tx + 1);
                        break;
                    case HoleKind.SignatureR:
                        WriteHash(w, n, 2, piece.Tx + 1);
                        break;
                    case HoleKind.SignatureS:
                        WriteHash(w, n, 3, piece.Tx + 1);
                        break;
                }
            }
        }

        [GeneratedRegex("\"@@(BN|BH|PH|TS|(TX|SR|SS)(\\d+))@@\"")]
        private static partial Regex Marker();

        /// <summary>Serializes a node whose hole values are markers such as <c>"@@BN@@"</c>.</summary>
        public static Template Of(JsonNode node)
        {
            var text = node.ToJsonString();
            var pieces = new List<Piece>();
            var at = 0;
            foreach (Match m in Marker().Matches(text))
            {
                var literal = Encoding.UTF8.GetBytes(text[at..m.Index]);
                var (kind, tx) = m.Groups[1].Value switch
                {
                    "BN" => (HoleKind.Number, 0),
                    "BH" => (HoleKind.Hash, 0),
                    "PH" => (HoleKind.ParentHash, 0),
                    "TS" => (HoleKind.Timestamp, 0),
                    _ => (m.Groups[2].Value switch { "TX" => HoleKind.Transaction, "SR" => HoleKind.SignatureR, _ => HoleKind.SignatureS },
                        int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)),
                };
                pieces.Add(new Piece(literal, kind, tx));
                at = m.Index + m.Length;
            }
            pieces.Add(new Piece(Encoding.UTF8.GetBytes(text[at..]), null, 0));
            return new Template([.. pieces]);
        }
    }

    internal sealed record SeedLog(Template Template, string Address, string? Topic0);

    internal sealed record SeedBlock(Template FullBlock, Template HashesBlock, Template[] Receipts, SeedLog[] Logs, int Transactions)
    {
        public static SeedBlock Of(JsonObject block, JsonArray receipts)
        {
            block = block.DeepClone().AsObject();
            var txIndex = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            var txs = block["transactions"]!.AsArray();
            for (var i = 0; i < txs.Count; i++)
            {
                var tx = txs[i]!.AsObject();
                txIndex[tx["hash"]!.GetValue<string>()] = i;
                tx["hash"] = $"@@TX{i}@@";
                tx["r"] = $"@@SR{i}@@"; // signatures differ per transaction on a real chain; repeated ones would compress unrealistically
                tx["s"] = $"@@SS{i}@@";
                tx["blockHash"] = "@@BH@@";
                tx["blockNumber"] = "@@BN@@";
                if (tx.ContainsKey("blockTimestamp"))
                    tx["blockTimestamp"] = "@@TS@@";
            }
            block["number"] = "@@BN@@";
            block["hash"] = "@@BH@@";
            block["parentHash"] = "@@PH@@";
            block["timestamp"] = "@@TS@@";
            var full = Template.Of(block);
            var hashes = block.DeepClone().AsObject();
            hashes["transactions"] = new JsonArray(Enumerable.Range(0, txs.Count).Select(i => (JsonNode?)JsonValue.Create($"@@TX{i}@@")).ToArray());
            var hashesTemplate = Template.Of(hashes);

            var receiptTemplates = new List<Template>();
            var logs = new List<SeedLog>();
            foreach (var receiptNode in receipts)
            {
                var receipt = receiptNode!.DeepClone().AsObject();
                var i = txIndex[receipt["transactionHash"]!.GetValue<string>()];
                receipt["transactionHash"] = $"@@TX{i}@@";
                receipt["blockHash"] = "@@BH@@";
                receipt["blockNumber"] = "@@BN@@";
                foreach (var logNode in receipt["logs"]!.AsArray())
                {
                    var log = logNode!.AsObject();
                    log["transactionHash"] = $"@@TX{i}@@";
                    log["blockHash"] = "@@BH@@";
                    log["blockNumber"] = "@@BN@@";
                    if (log.ContainsKey("blockTimestamp"))
                        log["blockTimestamp"] = "@@TS@@";
                    var topics = log["topics"]!.AsArray();
                    logs.Add(new SeedLog(Template.Of(log), log["address"]!.GetValue<string>().ToLowerInvariant(),
                        topics.Count > 0 ? topics[0]!.GetValue<string>().ToLowerInvariant() : null));
                }
                receiptTemplates.Add(Template.Of(receipt));
            }
            return new SeedBlock(full, hashesTemplate, [.. receiptTemplates], [.. logs], txs.Count);
        }
    }
}
