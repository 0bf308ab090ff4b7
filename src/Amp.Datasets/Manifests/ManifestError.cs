namespace Amp.Datasets.Manifests;

/// <summary>Why a manifest was refused: its content is not a valid manifest, or its kind is not one this build extracts.</summary>
public enum ManifestErrorKind
{
    Invalid,
    UnsupportedKind,
}

/// <summary>A refused manifest, with a message that names the offending path and what is accepted.</summary>
public sealed record ManifestError(ManifestErrorKind Kind, string Message);

/// <summary>Thrown while walking a manifest; caught at the parse boundary and turned into a <see cref="ManifestError"/>.</summary>
internal sealed class ManifestFormatException(string path, string message) : Exception($"{path}: {message}");
