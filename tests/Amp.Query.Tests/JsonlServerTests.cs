using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Amp.Query.Engine;
using Amp.Testing;

namespace Amp.Query.Tests;

public sealed class JsonlServerTests(JsonlServerFixture server) : IClassFixture<JsonlServerFixture>
{
    private Task<HttpResponseMessage> PostAsync(string sql, string contentType = "text/plain", HttpCompletionOption completion = HttpCompletionOption.ResponseContentRead) =>
        server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(sql, Encoding.UTF8, contentType) }, completion);

    [Fact]
    public async Task Health_answers_200()
    {
        using var response = await server.Client.GetAsync("/health");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/json")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Rows_come_back_as_json_lines_whatever_the_request_content_type(string contentType)
    {
        using var response = await PostAsync("select block_num, hash from anvil_rpc.blocks where block_num < 3 order by block_num", contentType);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        var expected = string.Concat(Enumerable.Range(0, 3).Select(b =>
            $$"""{"block_num":{{b}},"hash":"{{Convert.ToHexStringLower(TestParquet.HashOf((ulong)b, 0))}}"}""" + "\n"));
        Assert.Equal(expected, body);
    }

    [Theory]
    [InlineData("", 400, QueryErrorCodes.InvalidSqlString)]
    [InlineData("selec 1", 400, QueryErrorCodes.SqlParseError)]
    [InlineData("select 1; select 2", 400, QueryErrorCodes.SqlParseError)]
    [InlineData("select * from anvil_rpc.blocks SETTINGS stream = true", 400, QueryErrorCodes.StreamingNotSupported)]
    [InlineData("select * from read_csv('/etc/passwd')", 400, QueryErrorCodes.FunctionNotAllowed)]
    [InlineData("attach '/tmp/x.db'", 400, QueryErrorCodes.StatementNotAllowed)]
    [InlineData("select * from nope.blocks", 404, QueryErrorCodes.DatasetNotFound)]
    [InlineData("select * from anvil_rpc.nope", 404, QueryErrorCodes.TableNotFound)]
    [InlineData("select count(*) from range(1000000000000) a", 504, QueryErrorCodes.QueryTimeout)]
    [InlineData("select list(i) as l from range(50000000) t(i)", 422, QueryErrorCodes.MemoryLimitExceeded)]
    public async Task Errors_before_the_stream_are_amps_error_object(string sql, int status, string code)
    {
        using var response = await PostAsync(sql);
        Assert.Equal(status, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(code, body.RootElement.GetProperty("error_code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("error_message").GetString()));
        using var after = await PostAsync("select count(*) as n from anvil_rpc.blocks");
        Assert.Equal("{\"n\":20}\n", await after.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_first_line_arrives_before_the_query_finishes_and_a_client_that_leaves_frees_the_slot()
    {
        var clock = Stopwatch.StartNew();
        using (var response = await PostAsync("select i from range(1000000000000) t(i)", completion: HttpCompletionOption.ResponseHeadersRead))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("""{"i":0}""", await reader.ReadLineAsync());
            Assert.Equal("""{"i":1}""", await reader.ReadLineAsync());
            // A trillion rows cannot have been produced: the line left while the query was still running.
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30));
        }
        // The only query slot is free again once the server notices the client left.
        var lines = await Eventually.ValueAsync(
            async () => { using var r = await PostAsync("select 1 as x"); return await r.Content.ReadAsStringAsync(); },
            body => body == "{\"x\":1}\n", "the slot to be freed");
        Assert.Equal("{\"x\":1}\n", lines);
    }

    [Fact]
    public async Task A_timeout_during_the_stream_cuts_the_body_short_without_an_error_line()
    {
        using var response = await PostAsync("select i from range(1000000000000) t(i)", completion: HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        string? last = null;
        var failure = await Record.ExceptionAsync(async () =>
        {
            while (await reader.ReadLineAsync() is { } line)
                last = line;
        });
        Assert.NotNull(failure);
        Assert.DoesNotContain("error_code", last ?? "", StringComparison.Ordinal);
    }
}
