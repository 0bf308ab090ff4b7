using System.Reflection;

namespace Amp.Testing;

/// <summary>Paths of the real ampd and ampctl executables built alongside the tests.</summary>
public static class Binaries
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly string Configuration =
        typeof(Binaries).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    public static string Ampd => Executable("Ampd", "ampd");
    public static string Ampctl => Executable("Ampctl", "ampctl");

    private static string Executable(string project, string name)
    {
        var path = Path.Combine(RepoRoot, "src", project, "bin", Configuration, "net10.0", name);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"{name} is not built at {path}; build the solution first (dotnet build Amp.slnx)");
    }

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Amp.slnx")))
                return dir.FullName;
        throw new InvalidOperationException("cannot find the repository root (Amp.slnx) above " + AppContext.BaseDirectory);
    }
}
