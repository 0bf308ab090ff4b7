namespace Amp.DataStore.Segments;

/// <summary>The id of a registered file (<c>file_metadata.id</c>); ids grow with insertion order.</summary>
public readonly record struct FileId(long Value)
{
    public override string ToString() => Value.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
