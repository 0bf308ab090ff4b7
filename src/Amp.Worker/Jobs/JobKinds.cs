using Amp.Worker.Jobs.Kinds;

namespace Amp.Worker.Jobs;

/// <summary>The job kinds this worker runs, by kind string.</summary>
public sealed class JobKinds
{
    private readonly Dictionary<string, IJobKind> _kinds;

    public JobKinds(IEnumerable<IJobKind> kinds) => _kinds = kinds.ToDictionary(k => k.Kind, StringComparer.Ordinal);

    public static JobKinds Builtin(TimeProvider time) => new([new SleepJob(time)]);

    /// <summary>The built-in kinds plus kinds from other assemblies (extraction), which win on a name clash.</summary>
    public static JobKinds With(TimeProvider time, IEnumerable<IJobKind> extra)
    {
        var added = extra.ToList();
        return new(Builtin(time)._kinds.Values.Where(k => added.All(e => e.Kind != k.Kind)).Concat(added));
    }

    public IJobKind? Find(string kind) => _kinds.GetValueOrDefault(kind);
}
