namespace Amp.Testing;

/// <summary>
/// A tiny hand-assembled contract (no compiler): a call with calldata emits four logs, LOG1 to LOG4, with the
/// topics 0xaa, 0xbb, 0xcc, 0xdd (as 32-byte words) and the first calldata word as data; a call without calldata
/// reverts.
/// </summary>
public static class LogEmitterContract
{
    // runtime:
    //   CALLDATASIZE PUSH1 08 JUMPI  PUSH1 00 DUP1 REVERT           ; no calldata → revert
    //   JUMPDEST PUSH1 00 CALLDATALOAD PUSH1 00 MSTORE              ; mem[0..32] = calldata word 0
    //   PUSH1 aa PUSH1 20 PUSH1 00 LOG1
    //   PUSH1 bb PUSH1 aa PUSH1 20 PUSH1 00 LOG2
    //   PUSH1 cc PUSH1 bb PUSH1 aa PUSH1 20 PUSH1 00 LOG3
    //   PUSH1 dd PUSH1 cc PUSH1 bb PUSH1 aa PUSH1 20 PUSH1 00 LOG4  STOP
    public const string Runtime = "36600857600080fd5b60003560005260aa60206000a160bb60aa60206000a260cc60bb60aa60206000a360dd60cc60bb60aa60206000a400";

    // init: PUSH1 38 DUP1 PUSH1 0b PUSH1 00 CODECOPY PUSH1 00 RETURN  (copies the 0x38-byte runtime that follows)
    public const string InitCode = "0x603880600b6000396000f3" + Runtime;

    public const int LogsPerCall = 4;

    /// <summary>The topics of log k (k = 0..3) of one call: the first k+1 of 0xaa, 0xbb, 0xcc, 0xdd.</summary>
    public static IReadOnlyList<string> Topics(int log) =>
        new[] { 0xaa, 0xbb, 0xcc, 0xdd }.Take(log + 1).Select(t => "0x" + t.ToString("x").PadLeft(64, '0')).ToList();
}
