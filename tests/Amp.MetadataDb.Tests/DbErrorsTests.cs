using System.Net.Sockets;
using Amp.MetadataDb.Connection;
using Npgsql;

namespace Amp.MetadataDb.Tests;

/// <summary>
/// What counts as the metadata database being unreachable, from real failures: a refused PostgreSQL connection is;
/// an HTTP call refused by its server (a JSON-RPC provider) is not, though both end in the same socket error.
/// </summary>
public class DbErrorsTests
{
    [Fact]
    public async Task A_refused_postgresql_connection_is_a_connection_error()
    {
        using var refusing = Ports.Refusing(out var port);
        await using var connection = new NpgsqlConnection($"Host=127.0.0.1;Port={port};Username=x;Timeout=5");
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => connection.OpenAsync());

        Assert.True(DbErrors.IsConnectionError(ex), ex.ToString());
        Assert.Equal("connection refused (is PostgreSQL running?)", DbErrors.Describe(ex));
    }

    [Fact]
    public async Task A_refused_http_call_is_not_a_database_connection_error_even_when_wrapped()
    {
        using var refusing = Ports.Refusing(out var port);
        using var http = new HttpClient();
        var ex = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(new Uri($"http://127.0.0.1:{port}/")));
        Assert.IsType<SocketException>(ex.InnerException);

        Assert.False(DbErrors.IsConnectionError(ex));
        Assert.False(DbErrors.IsConnectionError(new InvalidOperationException("RPC_RETRIES_EXHAUSTED: the latest head", ex)));
    }
}
