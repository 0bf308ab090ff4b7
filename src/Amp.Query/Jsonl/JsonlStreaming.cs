using System.IO.Pipelines;
using System.Text.Json;
using Amp.Query.Engine;

namespace Amp.Query.Jsonl;

/// <summary>
/// Streams the rows of a running query as JSON Lines into a pipe: the first row is flushed at once, later rows
/// whenever a chunk has filled, so the first line leaves before the last row is read.
/// </summary>
internal static class JsonlStreaming
{
    private const int FlushThresholdBytes = 32 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = true,
    };

    /// <summary>Writes every row; returns the number written. A failure mid-stream throws <see cref="QueryFailedException"/>.</summary>
    public static async Task<long> WriteAsync(RunningQuery query, PipeWriter output, CancellationToken cancellationToken)
    {
        var rowWriter = new RowJsonWriter(query.Reader);
        using var json = new Utf8JsonWriter(output, WriterOptions);
        long rows = 0;
        while (query.MoveNext())
        {
            rowWriter.Write(json, query.Reader);
            json.Flush();
            json.Reset(output);
            output.GetSpan(1)[0] = (byte)'\n';
            output.Advance(1);
            rows++;
            if (rows == 1 || output.UnflushedBytes >= FlushThresholdBytes)
            {
                var flushed = await output.FlushAsync(cancellationToken).ConfigureAwait(false);
                if (flushed.IsCanceled || flushed.IsCompleted)
                    break;
            }
        }
        await output.FlushAsync(cancellationToken).ConfigureAwait(false);
        return rows;
    }
}
