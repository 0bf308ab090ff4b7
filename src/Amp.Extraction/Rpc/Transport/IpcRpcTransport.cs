using System.Collections.Concurrent;
using System.Net.Sockets;
using System.Text.Json;
using Amp.Extraction.Errors;

namespace Amp.Extraction.Rpc.Transport;

/// <summary>
/// JSON-RPC over a Unix socket (<c>ipc://&lt;path&gt;</c>), as geth and anvil serve it: a request is written
/// followed by a newline, the answer is one JSON value. One request per connection at a time; idle connections are reused.
/// </summary>
internal sealed class IpcRpcTransport(string path, TimeSpan timeout) : IRpcTransport
{
    private readonly ConcurrentBag<Socket> _idle = [];

    public async Task<JsonDocument> SendAsync(ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        Socket? socket = null;
        try
        {
            socket = _idle.TryTake(out var idle) ? idle : await ConnectAsync(deadline.Token).ConfigureAwait(false);
            await socket.SendAsync(body, SocketFlags.None, deadline.Token).ConfigureAwait(false);
            await socket.SendAsync("\n"u8.ToArray(), SocketFlags.None, deadline.Token).ConfigureAwait(false);
            var answer = await ReadValueAsync(socket, deadline.Token).ConfigureAwait(false);
            var document = JsonDocument.Parse(answer);
            _idle.Add(socket);
            socket = null;
            return document;
        }
        catch (JsonException e)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcInvalidResponse, $"ipc {path}: the answer is not valid JSON ({e.Message})", isRetryable: true, inner: e);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"ipc {path}: no complete answer within {timeout.TotalSeconds:0} s", isRetryable: true, inner: e);
        }
        catch (Exception e) when (e is SocketException or IOException or EndOfStreamException)
        {
            throw new ExtractionException(ExtractionErrorCodes.RpcTransport, $"ipc {path}: {e.Message}", isRetryable: true, inner: e);
        }
        finally
        {
            socket?.Dispose();
        }
    }

    private async Task<Socket> ConnectAsync(CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(path), cancellationToken).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    private static async Task<ReadOnlyMemory<byte>> ReadValueAsync(Socket socket, CancellationToken cancellationToken)
    {
        var framer = new JsonValueFramer();
        var buffer = new byte[64 * 1024];
        var filled = 0;
        while (true)
        {
            if (filled == buffer.Length)
                Array.Resize(ref buffer, buffer.Length * 2);
            var read = await socket.ReceiveAsync(buffer.AsMemory(filled), SocketFlags.None, cancellationToken).ConfigureAwait(false);
            if (read == 0)
                throw new EndOfStreamException("the node closed the socket before the answer was complete");
            filled += read;
            var end = framer.Scan(buffer.AsSpan(0, filled));
            if (end >= 0)
                return buffer.AsMemory(0, end);
        }
    }

    public void Dispose()
    {
        while (_idle.TryTake(out var socket))
            socket.Dispose();
    }
}
