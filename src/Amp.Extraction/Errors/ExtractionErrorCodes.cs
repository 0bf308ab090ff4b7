namespace Amp.Extraction.Errors;

/// <summary>Stable codes of <see cref="ExtractionException"/>; the comment says whether each is retryable.</summary>
public static class ExtractionErrorCodes
{
    /// <summary>Retryable: the transport failed (connection, timeout, HTTP status other than 2xx/429).</summary>
    public const string RpcTransport = "RPC_TRANSPORT";

    /// <summary>Retryable: the response was not valid JSON-RPC (for example cut short).</summary>
    public const string RpcInvalidResponse = "RPC_INVALID_RESPONSE";

    /// <summary>Retryable: one call of a request answered with a JSON-RPC error.</summary>
    public const string RpcCallError = "RPC_CALL_ERROR";

    /// <summary>Retryable: HTTP 429 persisted through every Retry-After wait.</summary>
    public const string RpcRateLimited = "RPC_RATE_LIMITED";

    /// <summary>Retryable: <c>eth_getBlockByNumber</c> answered null.</summary>
    public const string BlockNotFound = "BLOCK_NOT_FOUND";

    /// <summary>Retryable: a receipt list or a receipt was null for a block with transactions.</summary>
    public const string ReceiptsMissing = "RECEIPTS_MISSING";

    /// <summary>Retryable: the receipts belong to another block with the same number (a reorg between two calls).</summary>
    public const string ReceiptsFromOtherBlock = "RECEIPTS_FROM_OTHER_BLOCK";

    /// <summary>Retryable: the stream failed on every attempt allowed; the job ends ERROR and is retried later.</summary>
    public const string RetriesExhausted = "RPC_RETRIES_EXHAUSTED";

    /// <summary>Fatal: the number of receipts differs from the number of transactions.</summary>
    public const string ReceiptCountMismatch = "RECEIPT_COUNT_MISMATCH";

    /// <summary>Fatal: receipt i's transactionHash is not transaction i's hash.</summary>
    public const string ReceiptHashMismatch = "RECEIPT_HASH_MISMATCH";

    /// <summary>Fatal: the provider answered a different block than the one asked for, or numbers did not increase.</summary>
    public const string NonIncreasingBlocks = "NON_INCREASING_BLOCKS";

    /// <summary>Fatal: a field is missing or malformed, or an amount does not fit in Decimal128.</summary>
    public const string InvalidBlockData = "INVALID_BLOCK_DATA";
}
