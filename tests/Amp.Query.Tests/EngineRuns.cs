using System.IO.Pipelines;
using System.Text;
using Amp.Query.Engine;
using Amp.Query.Jsonl;

namespace Amp.Query.Tests;

/// <summary>Runs a query on an engine and returns its JSON lines, or its error.</summary>
internal static class EngineRuns
{
    public static async Task<(List<string> Lines, QueryError? Error)> RunAsync(this QueryEngine engine, string sql)
    {
        var start = await engine.StartAsync(sql, CancellationToken.None);
        if (start.Error is not null)
            return ([], start.Error);
        using var query = start.Query!;
        using var buffer = new MemoryStream();
        var pipe = PipeWriter.Create(buffer, new StreamPipeWriterOptions(leaveOpen: true));
        try
        {
            await JsonlStreaming.WriteAsync(query, pipe, CancellationToken.None);
        }
        catch (QueryFailedException failure)
        {
            return ([], failure.Error);
        }
        await pipe.CompleteAsync();
        var text = Encoding.UTF8.GetString(buffer.ToArray());
        return (text.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList(), null);
    }

    public static async Task<List<string>> LinesAsync(this QueryEngine engine, string sql)
    {
        var (lines, error) = await engine.RunAsync(sql);
        Assert.Null(error);
        return lines;
    }

    public static async Task<QueryError> ErrorAsync(this QueryEngine engine, string sql)
    {
        var (_, error) = await engine.RunAsync(sql);
        Assert.NotNull(error);
        return error;
    }
}
