using Amp.Core.Time;

namespace Amp.Core.Tests;

public class BackoffTests
{
    [Fact]
    public void Delays_double_up_to_the_cap_and_reset()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(1));
        Assert.Equal([250, 500, 1000, 1000], Enumerable.Range(0, 4).Select(_ => b.Next().TotalMilliseconds));
        b.Reset();
        Assert.Equal(250, b.Next().TotalMilliseconds);
    }

    [Fact]
    public void Many_attempts_never_overflow()
    {
        var b = new Backoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
        for (var i = 0; i < 1000; i++)
            Assert.InRange(b.Next(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));
    }
}
