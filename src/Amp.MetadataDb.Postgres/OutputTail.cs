namespace Amp.MetadataDb.Postgres;

/// <summary>Thread-safe buffer of the last lines a child process printed, for error messages.</summary>
internal sealed class OutputTail(int capacity)
{
    private readonly Queue<string> _lines = new(capacity);
    private readonly Lock _gate = new();

    public void Add(string line)
    {
        lock (_gate)
        {
            if (_lines.Count == capacity)
                _lines.Dequeue();
            _lines.Enqueue(line);
        }
    }

    public string Text()
    {
        lock (_gate)
            return _lines.Count == 0 ? "(no output)" : string.Join(Environment.NewLine, _lines);
    }
}
