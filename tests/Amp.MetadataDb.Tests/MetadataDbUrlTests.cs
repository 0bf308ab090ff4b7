using Amp.MetadataDb.Connection;

namespace Amp.MetadataDb.Tests;

public class MetadataDbUrlTests
{
    [Fact]
    public void Socket_url_of_solo_mode_parses()
    {
        Assert.True(MetadataDbUrl.TryParse("postgresql:///postgres?host=/tmp/my%20amp/metadb", out var b, out _));
        Assert.Equal("/tmp/my amp/metadb", b.Host);
        Assert.Equal("postgres", b.Database);
    }

    [Fact]
    public void Tcp_url_with_credentials_parses()
    {
        Assert.True(MetadataDbUrl.TryParse("postgres://amp:s%40cret@db.internal:6543/amp_meta?sslmode=disable&application_name=x", out var b, out _));
        Assert.Equal("db.internal", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("amp", b.Username);
        Assert.Equal("s@cret", b.Password);
        Assert.Equal("amp_meta", b.Database);
        Assert.Equal(Npgsql.SslMode.Disable, b.SslMode);
    }

    [Fact]
    public void Npgsql_connection_strings_are_accepted_too()
    {
        Assert.True(MetadataDbUrl.TryParse("Host=localhost;Database=amp;Username=amp", out var b, out _));
        Assert.Equal("amp", b.Database);
    }

    [Theory]
    [InlineData("")]
    [InlineData("postgresql://host:notaport/db")]
    [InlineData("Host=x;Bogus Key=1")]
    public void Malformed_urls_are_rejected_with_a_message(string raw)
    {
        Assert.False(MetadataDbUrl.TryParse(raw, out _, out var error));
        Assert.Contains("metadata database URL", error);
    }
}
