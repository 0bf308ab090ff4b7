using System.Text.Json.Nodes;

namespace Amp.AdminClient.Tables;

/// <summary>The dataset version and table a revision belongs to.</summary>
public sealed record RevisionMetadata(string DatasetNamespace, string DatasetName, string ManifestHash, string TableName);

/// <summary>A physical table revision (Amp's RevisionInfo); <see cref="Id"/> is its location id.</summary>
public sealed record RevisionInfo(long Id, string Path, bool Active, RevisionMetadata Metadata, long? Writer = null);

public sealed record RevisionRegistered(long LocationId);

/// <summary>An object restore did not register, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);

/// <summary>What <c>POST /revisions/{id}/restore</c> did: objects listed, rows added, objects skipped.</summary>
public sealed record RevisionRestored(int TotalFiles, int FilesRegistered = 0, IReadOnlyList<SkippedFile>? FilesSkipped = null);

/// <summary>One table of a dataset restore: its active revision (<see cref="LocationId"/>, <see cref="Url"/>) and counts.</summary>
public sealed record TableRestored(string TableName, long LocationId, string Url, int Revisions = 0, int FilesFound = 0, int FilesRegistered = 0,
    IReadOnlyList<SkippedFile>? FilesSkipped = null);

public sealed record DatasetRestored(IReadOnlyList<TableRestored> Tables);

/// <summary>What a one-table restore did (the API answers with an empty body).</summary>
public sealed record TableRestoreDone(string Table, long? LocationId);

/// <summary>A done action without a response body.</summary>
public sealed record RevisionActionDone(string Dataset, string TableName, long? LocationId);

/// <summary>A registered segment file: <see cref="Url"/> is its revision directory, <see cref="Metadata"/> its ParquetMeta.</summary>
public sealed record SegmentFileInfo(long Id, long LocationId, string FileName, string Url, JsonObject Metadata, long? ObjectSize = null,
    string? ObjectETag = null, string? ObjectVersion = null);
