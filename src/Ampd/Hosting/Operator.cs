namespace Ampd.Hosting;

/// <summary>Messages for the operator on stderr: one line each, cause and fix, never a stack trace.</summary>
public static class Operator
{
    public static int Fail(int exitCode, string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return exitCode;
    }
}
