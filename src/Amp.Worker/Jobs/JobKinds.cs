using Amp.Worker.Jobs.Kinds;

namespace Amp.Worker.Jobs;

/// <summary>The job kinds this worker runs, by kind string.</summary>
public sealed class JobKinds
{
    private readonly Dictionary<string, IJobKind> _kinds;

    public JobKinds(IEnumerable<IJobKind> kinds) => _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public static JobKinds Builtin(TimeProvider time) => new([new SleepJob(time)]);

    public IJobKind? Find(string kind) => _kinds.GetValueOrDefault(kind);
}
