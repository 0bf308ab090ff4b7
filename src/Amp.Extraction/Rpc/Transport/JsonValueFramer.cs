namespace Amp.Extraction.Rpc.Transport;

/// <summary>
/// Finds where the first complete JSON object or array ends in a byte stream, for socket transports whose answers
/// are delimited only by the JSON itself (newlines are optional). Keeps its state between calls.
/// </summary>
internal sealed class JsonValueFramer
{
    private int _depth;
    private bool _inString;
    private bool _escaped;
    private bool _started;
    private int _scanned;

    /// <summary>The length of the complete value at the start of <paramref name="buffer"/>, or -1 when more bytes are needed.</summary>
    public int Scan(ReadOnlySpan<byte> buffer)
    {
        for (var i = _scanned; i < buffer.Length; i++)
        {
            var c = buffer[i];
            if (_inString)
            {
                if (_escaped) _escaped = false;
                else if (c == (byte)'\\') _escaped = true;
                else if (c == (byte)'"') _inString = false;
                continue;
            }
            switch (c)
            {
                case (byte)'"':
                    _inString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    _depth++;
                    _started = true;
                    break;
                case (byte)'}' or (byte)']':
                    _depth--;
                    if (_started && _depth == 0)
                    {
                        Reset();
                        return i + 1;
                    }
                    break;
            }
        }
        _scanned = buffer.Length;
        return -1;
    }

    public void Reset()
    {
        _depth = 0;
        _inString = false;
        _escaped = false;
        _started = false;
        _scanned = 0;
    }
}
