namespace Ampctl;

/// <summary>The process exit codes scripts can rely on.</summary>
public static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Ok = 0;

    /// <summary>The Admin API answered with an error, or could not be reached, or something unexpected failed.</summary>
    public const int Failure = 1;

    /// <summary>The command line was wrong (unknown command or option, invalid value); no request was sent.</summary>
    public const int Usage = 2;

    /// <summary>Interrupted (Ctrl+C), as shells report SIGINT.</summary>
    public const int Cancelled = 130;
}
