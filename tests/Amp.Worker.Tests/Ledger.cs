using Amp.Core.Workers;
using Amp.MetadataDb.Incarnations;

namespace Amp.Worker.Tests;

internal static class Ledger
{
    /// <summary>No two incarnations of the node overlap: each ends before (or when) the next one starts.</summary>
    public static void AssertNoOverlap(IReadOnlyList<IncarnationRecord> ledger)
    {
        var ordered = ledger.OrderBy(i => i.Epoch.Value).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            var prev = ordered[i - 1];
            var next = ordered[i];
            Assert.True(prev.EndedAt is not null, $"epoch {prev.Epoch} is still open while epoch {next.Epoch} exists");
            Assert.True(prev.EndedAt <= next.StartedAt, $"epoch {prev.Epoch} ended at {prev.EndedAt:O}, after epoch {next.Epoch} started at {next.StartedAt:O}");
        }
    }

    public static async Task<IReadOnlyList<IncarnationRecord>> ReadAsync(MetadataDbFixture db, string nodeId) =>
        await new IncarnationRepository(db.Db.DataSource).ListAsync(NodeId.Parse(nodeId), 1000, CancellationToken.None);
}
