using Amp.Extraction.Errors;
using Amp.Extraction.Evm;
using Amp.Extraction.Evm.Rows;
using static Amp.Extraction.Tests.Rows.BlockJson;
using static Amp.Extraction.Tests.Rows.Columns;

namespace Amp.Extraction.Tests.Rows;

/// <summary>
/// How fields are read from the provider's JSON: one pass per object (FieldSet) must answer as TryGetProperty did —
/// escaped names, a field given twice, JSON null — and hex must decode exactly, odd digit counts included.
/// </summary>
public sealed class FieldReadingTests
{
    private static EvmBatch ConvertText(string header, string receipts)
    {
        var builder = new EvmRowsBuilder();
        using (var raw = RawBlock.Parse(header, receipts))
            builder.Append(raw);
        return builder.Flush()!;
    }

    [Fact]
    public void Escaped_names_a_repeated_field_and_json_null_read_as_they_would_by_property_lookup()
    {
        var tx = Tx(7, 0, 2);
        tx["to"] = null;
        var (header, receipts) = WithTransactions(7, tx);
        var text = header.ToJsonString()
            .Replace("\"hash\":\"" + H(0x10)[..4], "\"\\u0068ash\":\"" + H(0x10)[..4], StringComparison.Ordinal)
            .Replace("\"nonce\":\"0x0\"", "\"nonce\":\"0x63\",\"nonce\":\"0x2a\"", StringComparison.Ordinal);
        Assert.Contains("\\u0068ash", text, StringComparison.Ordinal);

        using var batch = ConvertText(text, receipts.ToJsonString());
        Assert.Equal(H(0x10)[2..], Hex(batch.Transactions, "tx_hash", 0));
        Assert.Equal(42UL, U64(batch.Transactions, "nonce", 0));
        Assert.True(IsNull(batch.Transactions, "to", 0));
    }

    [Theory]
    [InlineData("0x1", "01")]
    [InlineData("0xabc", "0abc")]
    [InlineData("0x00ABCdef1", "0abcdef1")]
    [InlineData("0x0", "")]
    public void Signatures_of_any_digit_count_and_case_are_left_padded_big_endian(string r, string tail)
    {
        var tx = Tx(7, 0, 2);
        tx["r"] = r;
        var (header, receipts) = WithTransactions(7, tx);
        using var batch = Convert(header, receipts);
        Assert.Equal(new string('0', 64 - tail.Length) + tail, Hex(batch.Transactions, "r", 0));
    }

    [Theory]
    [InlineData("hash", "0x" + "zz")]
    [InlineData("input", "0x12g4")]
    [InlineData("r", "0x12g4")]
    [InlineData("nonce", "0x1g")]
    public void A_non_hex_digit_is_a_fatal_error_naming_the_block(string field, string value)
    {
        var tx = Tx(7, 0, 2);
        tx[field] = field == "hash" ? value + new string('0', 62) : value;
        var (header, receipts) = WithTransactions(7, tx);
        var error = Assert.Throws<ExtractionException>(() => Convert(header, receipts));
        Assert.Equal(ExtractionErrorCodes.InvalidBlockData, error.Code);
        Assert.False(error.IsRetryable);
        Assert.Equal(7UL, error.Block!.Value.Value);
    }
}
