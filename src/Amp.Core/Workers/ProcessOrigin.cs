namespace Amp.Core.Workers;

/// <summary>The host and OS process of a worker start, recorded with each incarnation and refused duplicate.</summary>
public sealed record ProcessOrigin(string Host, int Pid)
{
    public static ProcessOrigin Current { get; } = new(Environment.MachineName, Environment.ProcessId);
}
