using Xunit;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class AncestorAccessTests
{
    [Fact]
    public void Ancestors_are_listed_outermost_first()
    {
        Assert.Equal(["/", "/a", "/a/b"], AncestorAccess.AncestorsOf("/a/b/c"));
        Assert.Equal(["/", "/a", "/a/b"], AncestorAccess.AncestorsOf("/a/b/c/"));
    }

    [Fact]
    public void Traversal_follows_owner_then_group_then_others()
    {
        var user = new PostgresUser("postgres", 101, 104, [104, 103]);
        const UnixFileMode ux = UnixFileMode.UserExecute, gx = UnixFileMode.GroupExecute, ox = UnixFileMode.OtherExecute;

        Assert.True(user.CanTraverse(Dir(101, 1, ux)));
        Assert.False(user.CanTraverse(Dir(101, 1, gx | ox))); // owner bits decide for the owner
        Assert.True(user.CanTraverse(Dir(0, 103, gx))); // supplementary group
        Assert.False(user.CanTraverse(Dir(0, 0, ux | gx)));
        Assert.True(user.CanTraverse(Dir(0, 0, ox)));
    }

    private static FileStatus Dir(uint uid, uint gid, UnixFileMode mode) => new(uid, gid, mode, true, 1, 1);
}
