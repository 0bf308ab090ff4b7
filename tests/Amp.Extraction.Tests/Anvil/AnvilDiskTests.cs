namespace Amp.Extraction.Tests.Anvil;

/// <summary>
/// anvil keeps its state off disk in the tests (extraction-notes.md: by default it persists snapshots under
/// <c>~/.foundry/anvil/tmp</c>, gigabytes for a few thousand busy blocks, never removed): nothing is written while it
/// mines 3,000 blocks (without <c>--max-persisted-states 0</c> that writes about 700 MB), and its temporary HOME is
/// gone once it is disposed.
/// </summary>
public sealed class AnvilDiskTests
{
    [Fact]
    public async Task Anvil_writes_no_state_to_disk_and_leaves_nothing_behind()
    {
        string home;
        await using (var anvil = await Amp.Testing.Anvil.StartAsync())
        {
            home = anvil.Home;
            await Amp.Testing.AnvilChain.GenerateAsync(anvil, 30);
            await anvil.MineAsync(3000);

            var written = Directory.EnumerateFiles(home, "*", SearchOption.AllDirectories)
                .Where(f => !f.EndsWith(".log", StringComparison.Ordinal)).Sum(f => new FileInfo(f).Length);
            Assert.True(written < 1024 * 1024, $"anvil wrote {written} bytes under its HOME {home}");
            Assert.False(Directory.Exists(Path.Combine(home, ".foundry", "anvil", "tmp")) &&
                Directory.EnumerateFileSystemEntries(Path.Combine(home, ".foundry", "anvil", "tmp")).Any(), "anvil persisted state snapshots");
        }
        Assert.False(Directory.Exists(home), $"anvil's HOME {home} was left behind");
    }
}
