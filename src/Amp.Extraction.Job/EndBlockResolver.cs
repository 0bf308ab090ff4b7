using Amp.Core.Jobs;
using Amp.Worker.Jobs;

namespace Amp.Extraction.Job;

/// <summary>Resolves a descriptor's <c>end_block</c> once, at job start (reference §5.1 step 6); null = continuous.</summary>
internal static class EndBlockResolver
{
    public const string ErrorCode = "INVALID_END_BLOCK";

    public static ulong? Resolve(EndBlock? end, ulong start, ulong head) => end switch
    {
        null => null,
        EndBlock.Latest => head,
        EndBlock.Absolute { Block: var n } when n >= start => n,
        EndBlock.Absolute { Block: var n } => throw Invalid($"end_block {n} is before the dataset's start_block {start}"),
        EndBlock.BehindHead { Blocks: var n } when n <= head && head - n >= start => head - n,
        EndBlock.BehindHead { Blocks: var n } => throw Invalid($"end_block -{n} from head {head} is before the dataset's start_block {start}"),
        _ => throw Invalid($"unknown end_block {end}"),
    };

    private static JobFailedException Invalid(string message) => new(ErrorCode, message, retryable: false);
}
