using System.Net;

namespace Amp.Controller.Tests.Datasets;

/// <summary>The OpenAPI document generated from the endpoints lists every registry route.</summary>
[Collection(RegistryCollection.Name)]
public sealed class RegistryOpenApiTests(RegistryFleet fleet)
{
    [Theory]
    [InlineData("/datasets", "get")]
    [InlineData("/datasets", "post")]
    [InlineData("/datasets/{namespace}/{name}", "get")]
    [InlineData("/datasets/{namespace}/{name}", "delete")]
    [InlineData("/datasets/{namespace}/{name}/versions", "get")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}", "get")]
    [InlineData("/datasets/{namespace}/{name}/versions/{version}", "delete")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}/manifest", "get")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}/deploy", "post")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}/jobs", "get")]
    [InlineData("/manifests", "get")]
    [InlineData("/manifests", "post")]
    [InlineData("/manifests", "delete")]
    [InlineData("/manifests/{hash}", "get")]
    [InlineData("/manifests/{hash}", "delete")]
    [InlineData("/manifests/{hash}/datasets", "get")]
    [InlineData("/providers", "get")]
    [InlineData("/providers", "post")]
    [InlineData("/providers/{name}", "get")]
    [InlineData("/providers/{name}", "delete")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}/restore", "post")]
    [InlineData("/datasets/{namespace}/{name}/versions/{revision}/tables/{table_name}/restore", "post")]
    [InlineData("/revisions", "get")]
    [InlineData("/revisions", "post")]
    [InlineData("/revisions/{id}", "get")]
    [InlineData("/revisions/{id}/restore", "post")]
    [InlineData("/revisions/{id}/activate", "post")]
    [InlineData("/revisions/deactivate", "post")]
    [InlineData("/files/{file_id}", "get")]
    public async Task Every_registry_route_is_in_the_openapi_document(string path, string method)
    {
        var doc = await fleet.GetAsync("/openapi.json");
        Assert.Equal(HttpStatusCode.OK, doc.Status);
        Assert.True(doc.Json.GetProperty("paths").TryGetProperty(path, out var item), $"{path} is missing from /openapi.json");
        Assert.True(item.TryGetProperty(method, out var op), $"{method.ToUpperInvariant()} {path} is missing");
        Assert.True(op.GetProperty("responses").EnumerateObject().Any(), $"{method} {path} documents no response");
    }
}
