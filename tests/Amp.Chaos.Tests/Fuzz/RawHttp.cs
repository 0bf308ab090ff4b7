using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Amp.Chaos.Tests.Fuzz;

/// <summary>One answer read off a raw connection.</summary>
public sealed record RawResponse(int Status, string? ContentType, string Body);

/// <summary>
/// Malformed HTTP that HttpClient refuses to send (bad request lines, broken framing, illegal bytes, smuggling
/// attempts), written to a raw TCP connection. The send side is closed after the request, so a server waiting
/// for more bytes sees the end instead of hanging the test.
/// </summary>
public static class RawHttp
{
    private const string Host = "Host: 127.0.0.1\r\n";

    public static IReadOnlyList<(string Name, byte[] Bytes)> Requests()
    {
        var list = new List<(string, string)>
        {
            ("traversal", $"GET /../../etc/passwd HTTP/1.1\r\n{Host}\r\n"),
            ("traversal-to-route", $"GET /jobs/../workers HTTP/1.1\r\n{Host}\r\n"),
            ("traversal-encoded", $"GET /workers/..%2F..%2Fetc%2Fpasswd HTTP/1.1\r\n{Host}\r\n"),
            ("traversal-dots", $"GET /workers/%2e%2e/%2e%2e/ HTTP/1.1\r\n{Host}\r\n"),
            ("traversal-backslash", $"GET /workers\\..\\..\\etc HTTP/1.1\r\n{Host}\r\n"),
            ("absolute-form", $"GET http://evil.example/workers HTTP/1.1\r\n{Host}\r\n"),
            ("absolute-form-other-port", $"GET http://127.0.0.1:1/fleet HTTP/1.1\r\n{Host}\r\n"),
            ("asterisk-form", $"GET * HTTP/1.1\r\n{Host}\r\n"),
            ("options-asterisk", $"OPTIONS * HTTP/1.1\r\n{Host}\r\n"),
            ("http-1.0-no-host", "GET /workers HTTP/1.0\r\n\r\n"),
            ("http-1.1-no-host", "GET /workers HTTP/1.1\r\n\r\n"),
            ("empty-host", "GET /workers HTTP/1.1\r\nHost: \r\n\r\n"),
            ("two-hosts", $"GET /workers HTTP/1.1\r\n{Host}Host: evil.example\r\n\r\n"),
            ("unknown-version", $"GET /workers HTTP/1.9\r\n{Host}\r\n"),
            ("garbage-version", $"GET /workers HTZP/1.1\r\n{Host}\r\n"),
            ("no-version", "GET /workers\r\n\r\n"),
            ("double-space", $"GET  /workers HTTP/1.1\r\n{Host}\r\n"),
            ("tab-separator", $"GET\t/workers\tHTTP/1.1\r\n{Host}\r\n"),
            ("lowercase-method", $"get /workers HTTP/1.1\r\n{Host}\r\n"),
            ("method-with-nul", $"GE\0T /workers HTTP/1.1\r\n{Host}\r\n"),
            ("connect", $"CONNECT 127.0.0.1:5432 HTTP/1.1\r\n{Host}\r\n"),
            ("trace", $"TRACE /workers HTTP/1.1\r\n{Host}\r\n"),
            ("bare-lf", "GET /workers HTTP/1.1\nHost: 127.0.0.1\n\n"),
            ("header-without-colon", $"GET /workers HTTP/1.1\r\n{Host}Foo\r\n\r\n"),
            ("header-name-with-space", $"GET /workers HTTP/1.1\r\n{Host}Foo Bar: x\r\n\r\n"),
            ("header-with-nul", $"GET /workers HTTP/1.1\r\n{Host}X-A: a\0b\r\n\r\n"),
            ("obs-fold", $"GET /workers HTTP/1.1\r\n{Host}X-A: a\r\n b\r\n\r\n"),
            ("negative-length", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: -1\r\n\r\n{{}}"),
            ("text-length", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{{}}"),
            ("overflowing-length", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 99999999999999999999999\r\n\r\n{{}}"),
            ("two-lengths", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{{}}"),
            ("length-and-chunked", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\nGET /fleet HTTP/1.1\r\n{Host}\r\n"),
            ("short-body", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{{\"kind\":"),
            ("over-limit-length", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 2000000\r\n\r\n{{\"kind\":\"sleep\""),
            ("bad-chunk-size", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{{}}\r\n0\r\n\r\n"),
            ("huge-chunk-size", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nFFFFFFFFFFFFFFFFFF\r\n{{}}\r\n"),
            ("chunk-extension-and-trailer", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n2;ext=1\r\n{{}}\r\n0\r\nX-Trailer: 1\r\n\r\n"),
            ("unknown-transfer-encoding", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nTransfer-Encoding: gzip\r\n\r\n{{}}"),
            ("expect-continue", $"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n{{}}"),
            ("pipelined", $"GET /healthz HTTP/1.1\r\n{Host}\r\nGET /workers/%FF HTTP/1.1\r\n{Host}\r\nGET /nope HTTP/1.1\r\n{Host}\r\n"),
            ("websocket-upgrade", $"GET /workers HTTP/1.1\r\n{Host}Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: x\r\n\r\n"),
            ("h2c-upgrade", $"GET /workers HTTP/1.1\r\n{Host}Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n\r\n"),
            ("h2-preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"),
            ("percent-in-query", $"GET /workers?%%%%=%%%% HTTP/1.1\r\n{Host}\r\n"),
            ("repeated-query", $"GET /jobs?limit=1&limit=2&status=all&status=x HTTP/1.1\r\n{Host}\r\n"),
            ("slash-in-id", $"PUT /jobs/1%2Fstop HTTP/1.1\r\n{Host}Content-Length: 0\r\n\r\n"),
            ("many-headers", $"GET /workers HTTP/1.1\r\n{Host}{string.Concat(Enumerable.Range(0, 150).Select(i => $"X-H{i}: {i}\r\n"))}\r\n"),
            ("long-request-line", $"GET /workers/{new string('a', 20_000)} HTTP/1.1\r\n{Host}\r\n"),
            ("headers-only-then-eof", $"GET /workers HTTP/1.1\r\n{Host}"),
            ("nothing", ""),
        };
        var bytes = list.Select(r => (r.Item1, Encoding.Latin1.GetBytes(r.Item2))).ToList();
        // Bytes no text encoding can produce: invalid UTF-8 in the path, a header and a JSON body; raw binary noise.
        bytes.Add(("invalid-utf8-path", [.. Encoding.ASCII.GetBytes("GET /workers/"), 0xFF, 0xC0, 0xAF, .. Encoding.ASCII.GetBytes($" HTTP/1.1\r\n{Host}\r\n")]));
        bytes.Add(("utf8-path", [.. Encoding.ASCII.GetBytes("GET /workers/"), .. Encoding.UTF8.GetBytes("wörker-日本"), .. Encoding.ASCII.GetBytes($" HTTP/1.1\r\n{Host}\r\n")]));
        bytes.Add(("non-ascii-header", [.. Encoding.ASCII.GetBytes($"GET /workers HTTP/1.1\r\n{Host}X-Name: "), 0xC3, 0xA4, 0xFF, .. "\r\n\r\n"u8.ToArray()]));
        bytes.Add(("invalid-utf8-body", [.. Encoding.ASCII.GetBytes($"POST /jobs HTTP/1.1\r\n{Host}Content-Type: application/json\r\nContent-Length: 8\r\n\r\n"), 0x7B, 0x22, 0xFF, 0xFE, 0x22, 0x3A, 0x31, 0x7D]));
        bytes.Add(("binary-noise", [.. Enumerable.Range(0, 2048).Select(i => (byte)(i * 131 % 256))]));
        return bytes;
    }

    /// <summary>
    /// Kestrel answers a request line whose version is not HTTP/1.0 or HTTP/1.1 (here "HTTP/1.9" and "HTZP/1.1")
    /// with an empty 505 while parsing, before middleware runs; the Admin API cannot change that answer.
    /// </summary>
    public static bool IsKestrelVersionRefusal(string name, RawResponse answer) =>
        name is "unknown-version" or "garbage-version" && answer.Status == 505 && answer.Body.Length == 0;

    /// <summary>Sends the bytes, closes the send side, and reads every answer until the server closes the connection.</summary>
    public static async Task<IReadOnlyList<RawResponse>> SendAsync(int port, byte[] request, TimeSpan timeout)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request);
            client.Client.Shutdown(SocketShutdown.Send);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // the server may answer and close before it has read everything
        }
        using var cts = new CancellationTokenSource(timeout);
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int n;
            while ((n = await stream.ReadAsync(buffer, cts.Token)) > 0)
                received.Write(buffer, 0, n);
        }
        catch (Exception ex) when (ex is IOException or SocketException)
        {
            // a reset after the answer is fine; what was read is parsed below
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"no end of the answer within {timeout.TotalSeconds:0}s; read so far: {Encoding.Latin1.GetString(received.ToArray())}");
        }
        var data = received.ToArray();
        // Kestrel also speaks HTTP/2 with prior knowledge: it answers the preface with HTTP/2 frames, not HTTP/1 text.
        if (request.AsSpan().StartsWith("PRI * HTTP/2.0"u8) && !data.AsSpan().StartsWith("HTTP/"u8))
            return [];
        return Parse(data);
    }

    /// <summary>Splits what the server wrote into answers (Content-Length or chunked framing).</summary>
    public static IReadOnlyList<RawResponse> Parse(byte[] data)
    {
        var responses = new List<RawResponse>();
        var text = Encoding.Latin1.GetString(data);
        var at = 0;
        while (at < text.Length)
        {
            var headEnd = text.IndexOf("\r\n\r\n", at, StringComparison.Ordinal);
            if (headEnd < 0 || !text.AsSpan(at).StartsWith("HTTP/"))
                throw new FormatException($"not an HTTP answer at offset {at}: {FuzzRequest.Shorten(text[at..], 300)}");
            var lines = text[at..headEnd].Split("\r\n");
            var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
            var headers = lines.Skip(1).Select(l => l.Split(':', 2)).Where(p => p.Length == 2)
                .ToLookup(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
            at = headEnd + 4;
            string body;
            if (headers["Transfer-Encoding"].Any(t => t.Contains("chunked", StringComparison.OrdinalIgnoreCase)))
            {
                var sb = new StringBuilder();
                while (true)
                {
                    var lineEnd = text.IndexOf("\r\n", at, StringComparison.Ordinal);
                    if (lineEnd < 0)
                    {
                        at = text.Length; // the server closed the connection mid-answer: keep what came
                        break;
                    }
                    var size = Convert.ToInt32(text[at..lineEnd].Split(';')[0], 16);
                    at = lineEnd + 2;
                    if (size == 0)
                    {
                        var end = text.IndexOf("\r\n", at, StringComparison.Ordinal); // no trailers from Kestrel
                        at = end < 0 ? text.Length : end + 2;
                        break;
                    }
                    var take = Math.Min(size, text.Length - at);
                    sb.Append(text, at, take);
                    at = Math.Min(text.Length, at + size + 2);
                    if (take < size)
                        break;
                }
                body = sb.ToString();
            }
            else if (headers["Content-Length"].Any())
            {
                var length = headers["Content-Length"].Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).First();
                body = text.Substring(at, Math.Min(length, text.Length - at));
                at += body.Length;
            }
            else
            {
                // No length and no chunks (an HTTP/1.0 answer): the body runs until the server closes the connection.
                body = status is 204 or 304 || status < 200 ? "" : text[at..];
                at += body.Length;
            }
            // The body was read as Latin-1 to keep byte offsets; JSON bodies are UTF-8.
            var utf8 = Encoding.UTF8.GetString(Encoding.Latin1.GetBytes(body));
            responses.Add(new RawResponse(status, headers["Content-Type"].FirstOrDefault(), utf8));
        }
        return responses;
    }
}
