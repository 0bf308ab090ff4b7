using System.Net;
using System.Net.Sockets;
using Amp.EndToEnd.Tests.Support;
using Amp.Testing;

namespace Amp.EndToEnd.Tests.AdminApi;

/// <summary>Every error answer of the workers API, over HTTP and through ampctl: a JSON error body, the right 4xx, never a 5xx.</summary>
[Collection(SteadyFleetCollection.Name)]
public sealed class AdminApiErrorTests(ThreeWorkerFleet fleet)
{
    [Theory]
    [InlineData("1abc", "must start with an ASCII letter (a-z, A-Z), not '1'")]
    [InlineData("_worker", "must start with an ASCII letter (a-z, A-Z), not '_'")]
    [InlineData("worker%20one", "invalid character ' ' (space) at position 7")]
    [InlineData("worker:1", "invalid character ':' at position 7")]
    [InlineData("w%C3%A9", "invalid character 'é' (U+00E9, not ASCII) at position 2")]
    [InlineData("%C3%A9w", "not 'é' (U+00E9, not ASCII)")]
    public async Task Invalid_node_id_in_the_path_is_400_INVALID_WORKER_ID_naming_the_rule(string segment, string rule)
    {
        var response = await fleet.GetAsync("/workers/" + segment);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("INVALID_WORKER_ID", response.Json.Str("error_code"));
        Assert.StartsWith($"Invalid worker ID '{Uri.UnescapeDataString(segment)}': ", response.Json.Str("error_message"), StringComparison.Ordinal);
        Assert.Contains(rule, response.Json.Str("error_message"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Node_id_longer_than_255_characters_is_400_INVALID_WORKER_ID_naming_the_limit()
    {
        var response = await fleet.GetAsync("/workers/" + new string('w', 256));

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("INVALID_WORKER_ID", response.Json.Str("error_code"));
        Assert.Contains("must be at most 255 characters (got 256)", response.Json.Str("error_message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("1abc", "must start with an ASCII letter")]
    [InlineData("worker one", "invalid character ' ' (space) at position 7")]
    [InlineData("wé", "not ASCII")]
    public async Task Invalid_node_id_in_ampctl_inspect_exits_2_without_sending_a_request(string nodeId, string rule)
    {
        // A listener that only counts connection attempts: a request would show up as a pending connection.
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            var run = await AmpFleet.RunAmpctlAsync(["worker", "inspect", nodeId, "--admin-url", $"http://127.0.0.1:{port}"]);

            Assert.Equal(2, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.StartsWith($"✗ Invalid worker ID '{nodeId}': ", run.Stderr, StringComparison.Ordinal);
            Assert.Contains(rule, run.Stderr, StringComparison.Ordinal);
            Assert.False(listener.Pending(), "ampctl connected to the Admin API although the node ID is invalid");
        }
        finally
        {
            listener.Stop();
        }

        var live = await fleet.AmpctlAsync("worker", "inspect", nodeId, "--json");
        Assert.Equal(2, live.ExitCode);
        Assert.Equal("", live.Stdout);
    }

    [Fact]
    public async Task Unknown_worker_is_404_WORKER_NOT_FOUND_and_ampctl_exits_1_with_one_line()
    {
        var response = await fleet.GetAsync("/workers/ghost-1");
        var text = await fleet.AmpctlAsync("worker", "inspect", "ghost-1");
        var json = await fleet.AmpctlAsync("worker", "inspect", "ghost-1", "--json");

        Assert.True(response.Status == HttpStatusCode.NotFound, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("WORKER_NOT_FOUND", response.Json.Str("error_code"));
        Assert.Contains("'ghost-1'", response.Json.Str("error_message"), StringComparison.Ordinal);
        foreach (var run in new[] { text, json })
        {
            Assert.Equal(1, run.ExitCode);
            Assert.Equal("", run.Stdout);
            Assert.Equal("✗ worker not found: ghost-1\n", run.Stderr);
        }
    }

    [Theory]
    [InlineData("/nope")]
    [InlineData("/workers/worker-01/jobs")]
    [InlineData("/v1/workers")]
    public async Task Unknown_route_is_404_NOT_FOUND_as_json(string path)
    {
        var response = await fleet.GetAsync(path);

        Assert.True(response.Status == HttpStatusCode.NotFound, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("NOT_FOUND", response.Json.Str("error_code"));
        Assert.Contains(path, response.Json.Str("error_message"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("POST", "/workers")]
    [InlineData("PUT", "/workers")]
    [InlineData("DELETE", "/workers/worker-01")]
    [InlineData("PATCH", "/workers/worker-01")]
    public async Task Wrong_method_is_405_METHOD_NOT_ALLOWED_as_json(string method, string path)
    {
        var response = await fleet.SendAsync(new HttpMethod(method), path);

        Assert.True(response.Status == HttpStatusCode.MethodNotAllowed, response.ToString());
        Assert.Equal("application/json", response.ContentType);
        Assert.Equal("METHOD_NOT_ALLOWED", response.Json.Str("error_code"));
        Assert.Contains(method, response.Json.Str("error_message"), StringComparison.Ordinal);

        // A refused DELETE touched nothing.
        Assert.Equal("active", (await fleet.GetWorkerAsync("worker-01")).Str("status"));
    }

    [Theory]
    [InlineData("/workers?status=zombie")]
    [InlineData("/workers?status=")]
    public async Task Invalid_status_filter_is_400_INVALID_QUERY_PARAMETERS(string pathAndQuery)
    {
        var response = await fleet.GetAsync(pathAndQuery);

        Assert.True(response.Status == HttpStatusCode.BadRequest, response.ToString());
        Assert.Equal("INVALID_QUERY_PARAMETERS", response.Json.Str("error_code"));
        Assert.Contains("active, stalled or inactive", response.Json.Str("error_message"), StringComparison.Ordinal);
    }
}
