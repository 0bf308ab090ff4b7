using Amp.Controller.Errors;
using Amp.Datasets.Identity;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Amp.Controller.Datasets;

/// <summary>Parses the <c>{namespace}/{name}[/versions/{revision}]</c> path parameters once, into types, or a 400 INVALID_PATH.</summary>
internal static class DatasetPath
{
    public static BadRequest<ApiError>? Parse(string ns, string name, out DatasetFqn dataset)
    {
        dataset = default;
        if (!DatasetNamespace.TryParse(ns, out var n, out var error) || !DatasetName.TryParse(name, out var nm, out error))
            return ApiResults.BadRequest(ErrorCodes.InvalidPath, error);
        dataset = new DatasetFqn(n, nm);
        return null;
    }

    public static BadRequest<ApiError>? Parse(string ns, string name, string revision, out DatasetFqn dataset, out Revision rev)
    {
        rev = null!;
        if (Parse(ns, name, out dataset) is { } bad)
            return bad;
        if (!Revision.TryParse(revision, out var r, out var error))
            return ApiResults.BadRequest(ErrorCodes.InvalidPath, error);
        rev = r;
        return null;
    }

    public static NotFound<ApiError> NotFound(DatasetFqn dataset, Revision revision) =>
        ApiResults.NotFound(ErrorCodes.DatasetNotFound,
            $"dataset {dataset}@{revision} not found; list its versions with 'ampctl dataset versions {dataset}' or register it with 'ampctl dataset register {dataset} MANIFEST.json'");
}
