using Xunit;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class PostgresUrlTests
{
    [Fact]
    public void Space_and_hash_in_the_directory_are_percent_encoded_and_slashes_kept()
    {
        Assert.Equal("postgresql:///postgres?host=/tmp/my%20amp%23dir/metadb", PostgresUrl.ForSocketDirectory("/tmp/my amp#dir/metadb"));
    }

    [Theory]
    [InlineData(" ", "%20")]
    [InlineData("\"", "%22")]
    [InlineData("#", "%23")]
    [InlineData("%", "%25")]
    [InlineData("&", "%26")]
    [InlineData("+", "%2B")]
    [InlineData("=", "%3D")]
    [InlineData("?", "%3F")]
    [InlineData("\t", "%09")]
    [InlineData("\n", "%0A")]
    [InlineData("\u007f", "%7F")]
    [InlineData("é", "%C3%A9")]
    public void Special_characters_are_encoded(string raw, string encoded)
    {
        Assert.Equal("/d" + encoded + "x", PostgresUrl.EncodeQueryValue("/d" + raw + "x"));
    }

    [Fact]
    public void Ordinary_path_characters_are_kept()
    {
        const string plain = "/var/lib/amp-data_1.2/~x:y@z,(a)!$*'[]";
        Assert.Equal(plain, PostgresUrl.EncodeQueryValue(plain));
    }

    [Fact]
    public void Connection_string_names_the_socket_directory_database_user_and_utc()
    {
        var b = new Npgsql.NpgsqlConnectionStringBuilder(PostgresUrl.ConnectionString("/tmp/a b;c", "root"));

        Assert.Equal("/tmp/a b;c", b.Host);
        Assert.Equal("postgres", b.Database);
        Assert.Equal("root", b.Username);
        Assert.Equal("UTC", b.Timezone);
    }
}
