using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using Amp.DataStore.Restore;
using Amp.MetadataDb.Datasets;

namespace Amp.Controller.Tables;

/// <summary>Amp's revision <c>metadata</c>: the dataset version and table a revision belongs to.</summary>
public sealed record RevisionMetadata(
    [property: JsonPropertyName("dataset_namespace")] string DatasetNamespace,
    [property: JsonPropertyName("dataset_name")] string DatasetName,
    [property: JsonPropertyName("manifest_hash")] string ManifestHash,
    [property: JsonPropertyName("table_name")] string TableName);

/// <summary>Amp's RevisionInfo: a physical table revision (<c>id</c> is the location id), whether a table uses it, and its writer job.</summary>
public sealed record RevisionInfo(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("writer"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? Writer,
    [property: JsonPropertyName("metadata")] RevisionMetadata Metadata)
{
    public static RevisionInfo From(RevisionRow row) => new(row.Id.Value, row.Path, row.Active, row.Writer,
        new RevisionMetadata(row.Owner.Namespace, row.Owner.Name, row.Owner.ManifestHash, row.Owner.Table));
}

public sealed record RevisionRegistered([property: JsonPropertyName("location_id")] long LocationId);

/// <summary>An object restore left out, and why.</summary>
public sealed record SkippedFile(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("reason")] string Reason)
{
    public static IReadOnlyList<SkippedFile> From(IEnumerable<SkippedObject> skipped) => skipped.Select(s => new SkippedFile(s.Path, s.Reason)).ToList();
}

/// <summary>
/// <c>POST /revisions/{id}/restore</c>: Amp's <c>total_files</c> (objects listed in the revision directory, registered
/// before or not), plus how many rows this call added and the objects it skipped.
/// </summary>
public sealed record RevisionRestored(
    [property: JsonPropertyName("total_files")] int TotalFiles,
    [property: JsonPropertyName("files_registered")] int FilesRegistered,
    [property: JsonPropertyName("files_skipped")] IReadOnlyList<SkippedFile> FilesSkipped);

/// <summary>One table of a dataset restore: Amp's <c>table_name</c>, <c>location_id</c> (the active revision) and <c>url</c>, plus counts.</summary>
public sealed record TableRestored(
    [property: JsonPropertyName("table_name")] string TableName,
    [property: JsonPropertyName("location_id")] long LocationId,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("revisions")] int Revisions,
    [property: JsonPropertyName("files_found")] int FilesFound,
    [property: JsonPropertyName("files_registered")] int FilesRegistered,
    [property: JsonPropertyName("files_skipped")] IReadOnlyList<SkippedFile> FilesSkipped)
{
    public static TableRestored From(RestoredTable table, IReadOnlyList<SkippedObject> outsideRevisions) => new(
        table.Table, table.Active!.Id.Value, table.Active.Url, table.Revisions.Count,
        table.Revisions.Sum(r => r.FilesFound), table.Revisions.Sum(r => r.FilesRegistered),
        SkippedFile.From(outsideRevisions.Concat(table.Revisions.SelectMany(r => r.Skipped))));
}

public sealed record DatasetRestored([property: JsonPropertyName("tables")] IReadOnlyList<TableRestored> Tables);

/// <summary>Amp's file info: <c>url</c> is the revision directory, <c>metadata</c> the ParquetMeta with keys in alphabetical order.</summary>
public sealed record FileInfoResponse(
    [property: JsonPropertyName("id")] long Id,
    [property: JsonPropertyName("location_id")] long LocationId,
    [property: JsonPropertyName("file_name")] string FileName,
    [property: JsonPropertyName("url")] string Url,
    [property: JsonPropertyName("object_size"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] long? ObjectSize,
    [property: JsonPropertyName("object_e_tag"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ObjectETag,
    [property: JsonPropertyName("object_version"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ObjectVersion,
    [property: JsonPropertyName("metadata")] JsonNode? Metadata)
{
    public static FileInfoResponse From(FileRow row) => new(row.Id.Value, row.Location.Value, row.FileName, row.Url, row.ObjectSize,
        row.ObjectETag, row.ObjectVersion, SortKeys(JsonNode.Parse(row.Metadata)));

    /// <summary>serde_json without <c>preserve_order</c> writes object keys in byte order; PostgreSQL's jsonb does not.</summary>
    private static JsonNode? SortKeys(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => KeyValuePair.Create(p.Key, SortKeys(p.Value?.DeepClone())))),
        JsonArray a => new JsonArray(a.Select(i => SortKeys(i?.DeepClone())).ToArray()),
        _ => node?.DeepClone(),
    };
}
