namespace Amp.Core.Workers;

/// <summary>
/// The incarnation number of a node ID: 1 for its first start, one more for every start or reconnect after.
/// Job-state writes are compare-and-set on (node ID, epoch).
/// </summary>
public readonly record struct Epoch(long Value) : IComparable<Epoch>
{
    public Epoch Next() => new(Value + 1);
    public int CompareTo(Epoch other) => Value.CompareTo(other.Value);
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
