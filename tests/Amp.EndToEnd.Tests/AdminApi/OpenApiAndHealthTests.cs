using System.Net;
using System.Text.Json;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.AdminApi;

/// <summary><c>/openapi.json</c> describes the workers API as served; <c>/healthz</c> and <c>/readyz</c> answer.</summary>
[Collection(SteadyFleetCollection.Name)]
public sealed class OpenApiAndHealthTests(ThreeWorkerFleet fleet)
{
    [Fact]
    public async Task Healthz_and_readyz_answer_200_while_the_database_is_up()
    {
        var healthz = await fleet.GetAsync("/healthz");
        var readyz = await fleet.GetAsync("/readyz");

        Assert.True(healthz.Status == HttpStatusCode.OK, healthz.ToString());
        Assert.Equal("ok", healthz.Json.Str("status"));
        Assert.True(readyz.Status == HttpStatusCode.OK, readyz.ToString());
        Assert.Equal("ready", readyz.Json.Str("status"));
    }

    [Fact]
    public async Task Openapi_document_lists_both_worker_endpoints_and_every_worker_field()
    {
        var response = await fleet.GetAsync("/openapi.json");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        var doc = response.Json;
        var paths = doc.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/workers", out var list), "paths has no \"/workers\": " + string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));
        Assert.True(paths.TryGetProperty("/workers/{id}", out var get), "paths has no \"/workers/{id}\": " + string.Join(", ", paths.EnumerateObject().Select(p => p.Name)));

        var listSchema = Resolve(doc, ResponseSchema(list.GetProperty("get"), "200"));
        var workerItems = Resolve(doc, Resolve(doc, listSchema.GetProperty("properties").GetProperty("workers")).GetProperty("items"));
        var worker = Resolve(doc, ResponseSchema(get.GetProperty("get"), "200"));
        foreach (var schema in new[] { workerItems, worker })
        {
            WorkerJson.AssertHasAll(WorkerJson.Fields, schema.GetProperty("properties").EnumerateObject().Select(p => p.Name), "the Worker schema");
            var info = Resolve(doc, schema.GetProperty("properties").GetProperty("info"));
            WorkerJson.AssertHasAll(WorkerJson.InfoFields, info.GetProperty("properties").EnumerateObject().Select(p => p.Name), "the worker info schema");
        }

        // The documented error answers of GET /workers/{id} are in the document with the error body.
        var responses = get.GetProperty("get").GetProperty("responses");
        foreach (var status in new[] { "400", "404" })
        {
            var error = Resolve(doc, ResponseSchema(get.GetProperty("get"), status));
            Assert.True(responses.TryGetProperty(status, out _), $"GET /workers/{{id}} documents no {status}");
            Assert.Equal(["error_code", "error_message"], error.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        }
    }

    private static JsonElement ResponseSchema(JsonElement operation, string status) =>
        operation.GetProperty("responses").GetProperty(status).GetProperty("content").GetProperty("application/json").GetProperty("schema");

    /// <summary>Follows a local <c>$ref</c> (<c>#/components/schemas/X</c>) to its schema.</summary>
    private static JsonElement Resolve(JsonElement doc, JsonElement schema)
    {
        if (!schema.TryGetProperty("$ref", out var reference))
            return schema;
        var target = doc;
        foreach (var part in reference.GetString()!.TrimStart('#', '/').Split('/'))
            target = target.GetProperty(part);
        return target;
    }
}
