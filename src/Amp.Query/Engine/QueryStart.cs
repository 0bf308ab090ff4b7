namespace Amp.Query.Engine;

/// <summary>The outcome of starting a query: a running query, or the error that stopped it before the first row.</summary>
public readonly record struct QueryStart(RunningQuery? Query, QueryError? Error);
