namespace Amp.Controller.Tests.Monitoring;

/// <summary>The operator-facing monitoring files under <c>docs/monitoring/</c>, read where they are committed.</summary>
public static class MonitoringFiles
{
    public static string Directory => Path.Combine(Binaries.RepoRoot, "docs", "monitoring");

    public static string AlertsPath => Path.Combine(Directory, "alerts.yml");

    /// <summary>promtool's unit tests of <see cref="AlertsPath"/>.</summary>
    public static string AlertTestsPath => Path.Combine(Directory, "alerts.test.yml");

    public static string DashboardPath => Path.Combine(Directory, "grafana-dashboard.json");

    public static string ReadmePath => Path.Combine(Directory, "README.md");
}
