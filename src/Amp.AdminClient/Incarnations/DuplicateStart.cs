namespace Amp.AdminClient.Incarnations;

/// <summary>A start that was refused because another live process held the node ID (the incumbent was untouched).</summary>
public sealed record DuplicateStart(DateTimeOffset RefusedAt, string Host, int Pid, string Version);
