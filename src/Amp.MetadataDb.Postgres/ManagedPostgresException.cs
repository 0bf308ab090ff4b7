namespace Amp.MetadataDb.Postgres;

/// <summary>The managed PostgreSQL server could not be prepared, started or reached.</summary>
public sealed class ManagedPostgresException : Exception
{
    public ManagedPostgresException(string message) : base(message) { }

    public ManagedPostgresException(string message, Exception inner) : base(message, inner) { }
}
