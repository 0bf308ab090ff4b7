using System.Text.Json;
using Amp.Extraction.Evm.Rows.Columns;
using Amp.Extraction.Evm.Tables;
using Apache.Arrow;
using Apache.Arrow.Types;
using static Amp.Extraction.Evm.Rows.HexField;

namespace Amp.Extraction.Evm.Rows;

/// <summary>The three nested columns of <c>transactions</c>: access_list, blob_versioned_hashes, authorization_list.</summary>
internal sealed class TransactionListColumns
{
    private readonly ListOffsets _accessList = new();
    private readonly FixedColumn _accessAddress = new(EvmTypes.Address);
    private readonly ListOffsets _storageKeys = new();
    private readonly FixedColumn _storageKey = new(EvmTypes.Hash);

    private readonly ListOffsets _blobHashes = new();
    private readonly FixedColumn _blobHash = new(EvmTypes.Hash);

    private readonly ListOffsets _authorizations = new();
    private readonly PrimitiveColumn<ulong> _authChainId = new(UInt64Type.Default);
    private readonly FixedColumn _authAddress = new(EvmTypes.Address);
    private readonly PrimitiveColumn<ulong> _authNonce = new(UInt64Type.Default);
    private BooleanArray.Builder _authYParity = new();
    private readonly FixedColumn _authR = new(EvmTypes.Hash);
    private readonly FixedColumn _authS = new(EvmTypes.Hash);

    /// <summary>Types 1–4 carry an access list (empty when the field is absent); others get null. Each takes the transaction's field.</summary>
    public void AppendAccessList(JsonElement list, bool present)
    {
        if (present && Present(list))
        {
            foreach (var item in list.EnumerateArray())
            {
                FixedBytes(Require(item, "address"u8), _accessAddress.AppendSlot());
                if (TryGet(item, "storageKeys"u8, out var keys))
                {
                    foreach (var key in keys.EnumerateArray())
                        FixedBytes(key, _storageKey.AppendSlot());
                }
                _storageKeys.Close(_storageKey.Length);
            }
        }
        _accessList.End(present, _accessAddress.Length);
    }

    public void AppendBlobHashes(JsonElement hashes, bool present)
    {
        if (present && Present(hashes))
        {
            foreach (var hash in hashes.EnumerateArray())
                FixedBytes(hash, _blobHash.AppendSlot());
        }
        _blobHashes.End(present, _blobHash.Length);
    }

    public void AppendAuthorizations(JsonElement list, bool present)
    {
        if (present && Present(list))
        {
            Span<byte> wide = stackalloc byte[32];
            foreach (var auth in list.EnumerateArray())
            {
                QuantityBigEndian(Require(auth, "chainId"u8), wide);
                _authChainId.Append(wide[..24].ContainsAnyExcept((byte)0) ? 0UL : System.Buffers.Binary.BinaryPrimitives.ReadUInt64BigEndian(wide[24..]));
                FixedBytes(Require(auth, "address"u8), _authAddress.AppendSlot());
                _authNonce.Append(Quantity(auth, "nonce"u8));
                var parity = TryGet(auth, "yParity"u8, out var yParity) ? QuantityOf(yParity, "yParity"u8) : Quantity(auth, "v"u8);
                _authYParity.Append(parity != 0);
                QuantityBigEndian(Require(auth, "r"u8), _authR.AppendSlot());
                QuantityBigEndian(Require(auth, "s"u8), _authS.AppendSlot());
            }
        }
        _authorizations.End(present, _authAddress.Length);
    }

    public IArrowArray[] Build()
    {
        var accessLength = _accessAddress.Length;
        var keysType = (ListType)TransactionsTable.AccessListItem.Fields[1].DataType;
        var accessItems = new StructArray(TransactionsTable.AccessListItem, accessLength,
            [_accessAddress.Build(), _storageKeys.Build(keysType, _storageKey.Build())], ArrowBuffer.Empty);
        var accessList = _accessList.Build((ListType)TransactionsTable.Schema.GetFieldByName("access_list").DataType, accessItems);

        var blobHashes = _blobHashes.Build((ListType)TransactionsTable.Schema.GetFieldByName("blob_versioned_hashes").DataType, _blobHash.Build());

        var authLength = _authAddress.Length;
        var authItems = new StructArray(TransactionsTable.AuthorizationItem, authLength,
            [_authChainId.Build(), _authAddress.Build(), _authNonce.Build(), _authYParity.Build(), _authR.Build(), _authS.Build()], ArrowBuffer.Empty);
        _authYParity = new BooleanArray.Builder();
        var authorizations = _authorizations.Build((ListType)TransactionsTable.Schema.GetFieldByName("authorization_list").DataType, authItems);
        return [accessList, blobHashes, authorizations];
    }
}
