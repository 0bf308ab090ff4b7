using System.Globalization;
using Amp.Controller.Errors;
using Amp.DataStore.Segments;
using Amp.MetadataDb.Datasets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Tables;

/// <summary><c>GET /files/{file_id}</c> (Amp's F1): one registered segment file.</summary>
public static class FileEndpoints
{
    public static RouteGroupBuilder MapFileEndpoints(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/files").WithTags("Files");
        group.MapGet("/{file_id}", GetAsync).WithName("GetFile")
            .WithSummary("One registered segment file: its revision (location_id), name, revision-directory URL, size, e-tag and ParquetMeta");
        return group;
    }

    private static async Task<Results<Ok<FileInfoResponse>, BadRequest<ApiError>, NotFound<ApiError>>> GetAsync(
        string file_id, FileMetadataRepository files, CancellationToken ct)
    {
        if (!long.TryParse(file_id, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) || value <= 0)
            return ApiResults.BadRequest(ErrorCodes.InvalidFileId, $"invalid file id '{(file_id.Length > 40 ? file_id[..40] : file_id)}': a file id must be a positive whole number");
        return await files.GetAsync(new FileId(value), ct).ConfigureAwait(false) is { } row
            ? TypedResults.Ok(FileInfoResponse.From(row))
            : ApiResults.NotFound(ErrorCodes.FileNotFound, $"no registered file with id {value}; ids of registered files are in the metadata table file_metadata (the id column)");
    }
}
