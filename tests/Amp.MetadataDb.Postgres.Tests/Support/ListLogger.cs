using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Amp.MetadataDb.Postgres.Tests.Support;

public sealed record LogEntry(LogLevel Level, int EventId, string Message);

/// <summary>Records every log entry for assertions and echoes it to the test output.</summary>
public sealed class ListLogger(ITestOutputHelper? output = null) : ILogger
{
    private readonly List<LogEntry> _entries = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<LogEntry> Entries
    {
        get
        {
            lock (_gate)
                return _entries.ToArray();
        }
    }

    public bool Has(int eventId) => Entries.Any(e => e.EventId == eventId);

    public IReadOnlyList<LogEntry> WithId(int eventId) => Entries.Where(e => e.EventId == eventId).ToArray();

    public void Clear()
    {
        lock (_gate)
            _entries.Clear();
    }

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        string message = formatter(state, exception);
        lock (_gate)
            _entries.Add(new LogEntry(logLevel, eventId.Id, message));
        try
        {
            output?.WriteLine($"[{logLevel}] {eventId.Id} {message}");
        }
        catch (InvalidOperationException)
        {
            // the test already finished; a late line from the server is not an error
        }
    }
}
