using System.Runtime.InteropServices;

namespace Ampctl;

/// <summary>
/// Turns the first SIGINT (Ctrl+C) or SIGTERM into a callback instead of ending the process, for commands that
/// run until interrupted (<c>worker watch</c>) and should then exit 0 after restoring the terminal. A second
/// signal is left to its default action, so a stuck process can still be interrupted.
/// </summary>
internal static class ProcessSignals
{
    public static IDisposable Register(Action onSignal)
    {
        ArgumentNullException.ThrowIfNull(onSignal);
        var fired = 0;
        void Handle(PosixSignalContext context)
        {
            if (Interlocked.Exchange(ref fired, 1) != 0)
                return;
            context.Cancel = true;
            onSignal();
        }
        return new Registrations(
            PosixSignalRegistration.Create(PosixSignal.SIGINT, Handle),
            PosixSignalRegistration.Create(PosixSignal.SIGTERM, Handle));
    }

    private sealed class Registrations(params PosixSignalRegistration[] registrations) : IDisposable
    {
        public void Dispose()
        {
            foreach (var registration in registrations)
                registration.Dispose();
        }
    }
}
