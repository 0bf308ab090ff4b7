using System.Globalization;
using System.Text.Json.Nodes;
using Amp.AdminClient.Http;
using Amp.AdminClient.Tables;
using Amp.Datasets.Identity;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>
    /// <c>GET /revisions[?active=..&amp;limit=..&amp;dataset=ns/name]</c>: revisions, newest id first; with a dataset, only
    /// its tables' (filtered by the server).
    /// </summary>
    public Task<AdminResult<List<RevisionInfo>>> ListRevisionsAsync(bool? active = null, long? limit = null, DatasetFqn? dataset = null, CancellationToken ct = default)
    {
        var query = new List<string>();
        if (dataset is { } d)
            query.Add("dataset=" + Uri.EscapeDataString(d.ToString()));
        if (active is { } a)
            query.Add("active=" + (a ? "true" : "false"));
        if (limit is { } l)
            query.Add("limit=" + l.ToString(CultureInfo.InvariantCulture));
        return GetAsync<List<RevisionInfo>>("revisions" + (query.Count > 0 ? "?" + string.Join('&', query) : ""), ct);
    }

    /// <summary><c>GET /revisions/{id}</c>; <c>REVISION_NOT_FOUND</c> (404) when absent.</summary>
    public Task<AdminResult<RevisionInfo>> GetRevisionAsync(long id, CancellationToken ct = default) =>
        GetAsync<RevisionInfo>("revisions/" + id.ToString(CultureInfo.InvariantCulture), ct);

    /// <summary><c>POST /revisions</c>: registers a revision directory (inactive, without files).</summary>
    public Task<AdminResult<RevisionRegistered>> RegisterRevisionAsync(DatasetReference dataset, TableName table, string path, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var body = new JsonObject { ["dataset"] = dataset.ToString(), ["table_name"] = table.Value, ["path"] = path };
        return SendForJsonAsync<RevisionRegistered>(HttpMethod.Post, "revisions", body.ToJsonString(), ct);
    }

    /// <summary><c>POST /revisions/{id}/restore</c>: registers the segment files found in the revision's directory.</summary>
    public Task<AdminResult<RevisionRestored>> RestoreRevisionAsync(long id, CancellationToken ct = default) =>
        PostAsync<RevisionRestored>($"revisions/{id.ToString(CultureInfo.InvariantCulture)}/restore", ct);

    /// <summary><c>POST /revisions/{id}/activate</c>: makes the revision the table's active one.</summary>
    public Task<AdminResult<RevisionActionDone>> ActivateRevisionAsync(long id, DatasetReference dataset, TableName table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var body = new JsonObject { ["dataset"] = dataset.ToString(), ["table_name"] = table.Value };
        return SendWithBodyForNoContentAsync($"revisions/{id.ToString(CultureInfo.InvariantCulture)}/activate", body.ToJsonString(),
            new RevisionActionDone(dataset.ToString(), table.Value, id), ct);
    }

    /// <summary><c>POST /revisions/deactivate</c>: leaves the table without an active revision.</summary>
    public Task<AdminResult<RevisionActionDone>> DeactivateRevisionsAsync(DatasetReference dataset, TableName table, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var body = new JsonObject { ["dataset"] = dataset.ToString(), ["table_name"] = table.Value };
        return SendWithBodyForNoContentAsync("revisions/deactivate", body.ToJsonString(), new RevisionActionDone(dataset.ToString(), table.Value, null), ct);
    }

    /// <summary><c>POST …/versions/{rev}/restore</c>: restores every table of the dataset version from the data directory.</summary>
    public Task<AdminResult<DatasetRestored>> RestoreDatasetAsync(DatasetReference reference, CancellationToken ct = default) =>
        PostAsync<DatasetRestored>(VersionPath(reference) + "/restore", ct);

    /// <summary>
    /// <c>POST …/versions/{rev}/tables/{table}/restore</c>: without <paramref name="locationId"/> restores the table from
    /// the data directory; with it makes that revision the table's active one.
    /// </summary>
    public Task<AdminResult<TableRestoreDone>> RestoreTableAsync(DatasetReference reference, TableName table, long? locationId, CancellationToken ct = default)
    {
        var path = VersionPath(reference) + "/tables/" + table.Value + "/restore";
        var done = new TableRestoreDone(table.Value, locationId);
        if (locationId is { } id)
            return SendWithBodyForNoContentAsync(path, new JsonObject { ["location_id"] = id }.ToJsonString(), done, ct);
        return SendForNoContentAsync(HttpMethod.Post, path, (_, body) => AdminResult<TableRestoreDone>.Success(done, body), ct);
    }

    /// <summary><c>GET /files/{id}</c>; <c>FILE_NOT_FOUND</c> (404) when absent.</summary>
    public Task<AdminResult<SegmentFileInfo>> GetFileAsync(long id, CancellationToken ct = default) =>
        GetAsync<SegmentFileInfo>("files/" + id.ToString(CultureInfo.InvariantCulture), ct);

    private Task<AdminResult<T>> SendWithBodyForNoContentAsync<T>(string relativePath, string jsonBody, T done, CancellationToken ct)
        where T : class =>
        SendAsync(HttpMethod.Post, relativePath, jsonBody,
            reply => reply.Status is >= 200 and < 300
                ? AdminResult<T>.Success(done, reply.Body)
                : ResponseReader.Read<T>(HttpMethod.Post, relativePath, reply.Status, reply.Reason, reply.Body), ct);
}
