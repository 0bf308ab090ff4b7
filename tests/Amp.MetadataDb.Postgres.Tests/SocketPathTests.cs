using Xunit;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class SocketPathTests
{
    [Fact]
    public void Socket_path_of_107_bytes_fits()
    {
        string dir = "/" + new string('a', SocketPath.MaxBytes - "/.s.PGSQL.5432".Length - 1);
        Assert.Equal(107, SocketPath.For(dir).Length);
        SocketPath.EnsureFits(dir);
    }

    [Fact]
    public void Socket_path_of_108_bytes_is_rejected_with_the_limit_and_a_fix()
    {
        string dir = "/" + new string('a', SocketPath.MaxBytes - "/.s.PGSQL.5432".Length);

        var e = Assert.Throws<ManagedPostgresException>(() => SocketPath.EnsureFits(dir));

        Assert.Contains("108 bytes long", e.Message, StringComparison.Ordinal);
        Assert.Contains("Fix:", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Multibyte_characters_count_as_bytes()
    {
        string dir = "/" + new string('é', 50); // 100 bytes, 50 chars
        Assert.Throws<ManagedPostgresException>(() => SocketPath.EnsureFits(dir));
    }
}
