using System.Net;
using Amp.Controller.Tests.Datasets;
using static Amp.Controller.Tests.Datasets.RegistryFleet;

namespace Amp.Controller.Tests.Tables;

/// <summary>
/// <c>GET /revisions?dataset=ns/name</c>: one dataset's revisions, filtered in the database, so a dataset's revisions
/// are found however many newer ones other datasets have (the dashboard's dataset page asks this way).
/// </summary>
[Collection(RegistryCollection.Name)]
public sealed class RevisionFilterTests(RegistryFleet fleet)
{
    /// <summary>Registers ns/name@1.0.0 and <paramref name="count"/> revisions of its blocks table by path.</summary>
    private async Task<List<long>> RegisterRevisionsAsync(string ns, string name, int count)
    {
        var manifest = Fixture("manifests/anvil_rpc.json");
        AssertStatus(await fleet.PostAsync("/datasets", $$"""{"namespace":"{{ns}}","name":"{{name}}","version":"1.0.0","manifest":{{manifest}}}"""), HttpStatusCode.Created);
        var ids = new List<long>();
        for (var i = 0; i < count; i++)
        {
            var r = await fleet.PostAsync("/revisions", $$"""{"dataset":"{{ns}}/{{name}}@1.0.0","table_name":"blocks","path":"{{ns}}/{{name}}/blocks/{{Guid.CreateVersion7()}}"}""");
            AssertStatus(r, HttpStatusCode.OK);
            ids.Add(r.Json.GetProperty("location_id").GetInt64());
        }
        return ids;
    }

    private async Task<List<long>> IdsAsync(string query)
    {
        var r = await fleet.GetAsync("/revisions" + query);
        AssertStatus(r, HttpStatusCode.OK);
        return r.Json.EnumerateArray().Select(x => x.GetProperty("id").GetInt64()).ToList();
    }

    [Fact]
    public async Task Dataset_filter_lists_only_that_datasets_revisions_however_many_newer_ones_others_have()
    {
        var old = await RegisterRevisionsAsync("flt", "older", 2);
        var newer = await RegisterRevisionsAsync("flt", "newer", 5);

        // Without the filter the older dataset's revisions fall outside a small page: the newer dataset's come first.
        Assert.DoesNotContain(old[0], await IdsAsync("?limit=5"));

        Assert.Equal(old.OrderDescending().ToList(), await IdsAsync("?dataset=flt/older"));
        Assert.Equal(newer.OrderDescending().Take(3).ToList(), await IdsAsync("?dataset=flt/newer&limit=3"));
        Assert.Empty(await IdsAsync("?dataset=flt/older&active=true"));   // registered by path: inactive
        Assert.Equal(old.OrderDescending().ToList(), await IdsAsync("?dataset=flt/older&active=false"));
        Assert.Empty(await IdsAsync("?dataset=flt/none"));
        Assert.Empty(await IdsAsync("?dataset=other/older"));

        var metadata = (await fleet.GetAsync("/revisions?dataset=flt/older")).Json.EnumerateArray()
            .Select(r => (r.GetProperty("metadata").GetProperty("dataset_namespace").GetString(), r.GetProperty("metadata").GetProperty("dataset_name").GetString()))
            .Distinct().Single();
        Assert.Equal(("flt", "older"), metadata);
    }

    [Theory]
    [InlineData("?dataset=older")]
    [InlineData("?dataset=")]
    [InlineData("?dataset=flt/Bad-Name")]
    public async Task A_malformed_dataset_filter_is_400_naming_the_form(string query)
    {
        var r = await fleet.GetAsync("/revisions" + query);
        AssertError(r, HttpStatusCode.BadRequest, "INVALID_QUERY_PARAMETERS");
        Assert.Contains("dataset", r.Json.GetProperty("error_message").GetString(), StringComparison.Ordinal);
    }
}
