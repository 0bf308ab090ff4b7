using Amp.DataStore.Parquet;

namespace Amp.DataStore.Tests.Parquet;

public class TableRevisionPathTests
{
    [Fact]
    public void A_new_revision_is_a_lowercase_uuidv7_directory_under_namespace_name_and_table()
    {
        var path = TableRevisionPath.NewRevision("_", "eth_rpc", "logs");
        Assert.Equal(7, path.Revision.Version);
        Assert.Matches("^_/eth_rpc/logs/[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$", path.Directory);
    }

    [Fact]
    public void A_stored_path_parses_back_to_the_same_revision()
    {
        Assert.True(TableRevisionPath.TryParse("_/eth_rpc/logs/019c2523-3570-77d0-9847-46199ccb0968", out var path, out var error), error);
        Assert.Equal(("_", "eth_rpc", "logs"), (path.Namespace, path.Name, path.Table));
        Assert.Equal("_/eth_rpc/logs/019c2523-3570-77d0-9847-46199ccb0968", path.Directory);
    }

    [Theory]
    [InlineData("_/eth_rpc/logs", "must be <namespace>/<name>/<table>/<revision uuid>")]
    [InlineData("_/eth_rpc/logs/not-a-uuid", "must end with a UUID")]
    [InlineData("_/../logs/019c2523-3570-77d0-9847-46199ccb0968", "dataset name '..' must be a single path segment")]
    [InlineData("/eth_rpc/logs/019c2523-3570-77d0-9847-46199ccb0968", "namespace must not be empty")]
    [InlineData("_/eth_rpc/logs/00000000-0000-0000-0000-000000000000", "empty UUID")]
    public void Bad_paths_are_refused_with_the_rule(string text, string rule)
    {
        Assert.False(TableRevisionPath.TryParse(text, out _, out var error));
        Assert.Contains(rule, error, StringComparison.Ordinal);
    }
}
