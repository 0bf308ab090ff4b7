using Amp.AdminClient.Fleet;

namespace Amp.AdminClient;

public sealed partial class AdminApiClient
{
    /// <summary><c>GET /fleet</c>: worker counts by status and by build, drains, retirements and refused starts.</summary>
    public Task<AdminResult<FleetSummary>> GetFleetAsync(CancellationToken ct = default) =>
        GetAsync<FleetSummary>("fleet", ct);
}
