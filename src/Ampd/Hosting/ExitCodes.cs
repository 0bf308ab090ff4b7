namespace Ampd.Hosting;

/// <summary>Process exit codes of ampd.</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>A runtime failure: node ID in use, database refused us, address in use.</summary>
    public const int Failure = 1;
    /// <summary>Bad usage: invalid node ID, bad config, missing option. Nothing was touched.</summary>
    public const int Usage = 2;
}
