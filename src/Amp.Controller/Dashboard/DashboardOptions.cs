namespace Amp.Controller.Dashboard;

/// <summary>The dashboard's settings: how often its pages refresh, and where its query box sends SQL.</summary>
public sealed record DashboardOptions(TimeSpan RefreshInterval, Uri QueryServerUrl)
{
    /// <summary>The JSON Lines query server <c>ampd server</c> and <c>ampd solo</c> serve by default.</summary>
    public static readonly Uri DefaultQueryServerUrl = new("http://127.0.0.1:1603/");

    /// <summary>Refresh at the 1 s heartbeat interval; queries to the local JSON Lines server.</summary>
    public static DashboardOptions Default { get; } = new(TimeSpan.FromSeconds(1), DefaultQueryServerUrl);
}
