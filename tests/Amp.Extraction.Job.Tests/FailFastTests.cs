namespace Amp.Extraction.Job.Tests;

/// <summary>The join of a job's partitions (Amp's fail-fast <c>PARTITION_TASK</c> join): unit tests, no I/O.</summary>
public sealed class FailFastTests
{
    /// <summary>A join that has not ended by then never will: its other partitions were not cancelled.</summary>
    private static readonly TimeSpan Hang = TimeSpan.FromMinutes(1);

    [Fact]
    public async Task The_first_failure_cancels_the_other_partitions_and_is_the_one_reported()
    {
        using var cts = new CancellationTokenSource();
        var failNow = new TaskCompletionSource();
        var failing = Task.Run(async () =>
        {
            await failNow.Task;
            throw new InvalidOperationException("partition 2 failed at block 2050");
        });
        // The others run until cancelled; one of them fails differently on its way out, after the first failure.
        var waiting = Task.Run(() => Task.Delay(Timeout.Infinite, cts.Token));
        var failingOnCancel = Task.Run(async () =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new IOException("partition 3 broke while being cancelled");
            }
        });

        var join = FailFast.WhenAllAsync([waiting, failing, failingOnCancel], cts);
        failNow.SetResult();
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => join.WaitAsync(Hang));

        Assert.Equal("partition 2 failed at block 2050", error.Message);
        Assert.True(cts.IsCancellationRequested, "the other partitions were not cancelled");
        Assert.True(waiting.IsCanceled, $"the waiting partition ended {waiting.Status}");
        Assert.True(failingOnCancel.IsFaulted);
    }

    [Fact]
    public async Task Partitions_that_all_succeed_end_the_join_without_cancelling()
    {
        using var cts = new CancellationTokenSource();

        await FailFast.WhenAllAsync([Task.Run(() => Task.Delay(10)), Task.CompletedTask], cts);

        Assert.False(cts.IsCancellationRequested);
    }

    [Fact]
    public async Task A_cancelled_partition_cancels_the_others_and_the_join_ends_cancelled()
    {
        using var cts = new CancellationTokenSource();
        using var own = new CancellationTokenSource();
        var cancelled = Task.Run(() => Task.Delay(Timeout.Infinite, own.Token));
        var waiting = Task.Run(() => Task.Delay(Timeout.Infinite, cts.Token));

        var join = FailFast.WhenAllAsync([cancelled, waiting], cts);
        await own.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => join.WaitAsync(Hang));
        Assert.True(waiting.IsCanceled);
    }
}
