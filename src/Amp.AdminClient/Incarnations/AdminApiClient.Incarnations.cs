using System.Globalization;
using System.Text.Json.Nodes;
using Amp.AdminClient.Incarnations;
using Amp.Core.Workers;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary>
    /// <c>GET /workers/{id}/incarnations</c>, following both cursors until every incarnation and refused duplicate
    /// start is read (newest first). The raw JSON is one object with the complete lists.
    /// </summary>
    public async Task<AdminResult<WorkerIncarnations>> GetWorkerIncarnationsAsync(NodeId nodeId, CancellationToken ct = default)
    {
        var incarnations = new List<Incarnation>();
        var duplicates = new List<DuplicateStart>();
        var rawIncarnations = new JsonArray();
        var rawDuplicates = new JsonArray();
        long? cursor = null, duplicateCursor = null;
        var wantIncarnations = true;
        var wantDuplicates = true;
        while (true)
        {
            var query = new List<string>();
            if (cursor is { } c)
                query.Add("cursor=" + c.ToString(CultureInfo.InvariantCulture));
            if (duplicateCursor is { } d)
                query.Add("duplicate_starts_cursor=" + d.ToString(CultureInfo.InvariantCulture));
            var path = WorkerPath(nodeId) + "/incarnations" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
            var page = await GetAsync<WorkerIncarnations>(path, ct).ConfigureAwait(false);
            if (!page.IsSuccess)
                return page;
            if (cursor is null && duplicateCursor is null && page.Value.NextCursor is null && page.Value.DuplicateStartsNextCursor is null)
                return page; // one page holds everything: the body exactly as the server sent it
            var raw = JsonNode.Parse(page.RawJson)!.AsObject();
            if (wantIncarnations)
            {
                incarnations.AddRange(page.Value.Incarnations);
                foreach (var item in raw["incarnations"]!.AsArray())
                    rawIncarnations.Add(item?.DeepClone());
            }
            if (wantDuplicates)
            {
                duplicates.AddRange(page.Value.DuplicateStarts);
                foreach (var item in raw["duplicate_starts"]!.AsArray())
                    rawDuplicates.Add(item?.DeepClone());
            }
            wantIncarnations &= page.Value.NextCursor is not null;
            wantDuplicates &= page.Value.DuplicateStartsNextCursor is not null;
            if (!wantIncarnations && !wantDuplicates)
            {
                var all = new JsonObject
                {
                    ["node_id"] = nodeId.Value,
                    ["incarnations"] = rawIncarnations,
                    ["duplicate_starts"] = rawDuplicates,
                };
                return AdminResult<WorkerIncarnations>.Success(new WorkerIncarnations(nodeId, incarnations, duplicates), all.ToJsonString());
            }
            // A list that is complete keeps its last cursor past its end, so its next pages come back empty.
            cursor = wantIncarnations ? page.Value.NextCursor : 1;
            duplicateCursor = wantDuplicates ? page.Value.DuplicateStartsNextCursor : 1;
        }
    }
}
