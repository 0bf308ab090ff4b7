using Xunit;

namespace Amp.MetadataDb.Postgres.Tests;

public sealed class PostmasterPidFileTests
{
    [Theory]
    [InlineData("1234\n/data\n", 1234)]
    [InlineData("  77  \n", 77)]
    [InlineData("-4321\n", 4321)] // single-user backend
    public void First_line_pid_is_read(string text, int pid)
    {
        Assert.Equal(pid, PostmasterPidFile.Parse(text).Pid);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("\n5\n", "empty")]
    [InlineData("abc\n", "not a PID")]
    [InlineData("0\n", "not valid")]
    [InlineData("99999999999999\n", "not a PID")]
    public void Unusable_first_line_is_reported(string text, string problem)
    {
        PostmasterPidFile file = PostmasterPidFile.Parse(text);
        Assert.Null(file.Pid);
        Assert.Contains(problem, file.Problem, StringComparison.Ordinal);
    }
}
