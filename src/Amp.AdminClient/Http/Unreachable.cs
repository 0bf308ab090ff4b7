using System.Net.Sockets;
using System.Security.Authentication;

namespace Amp.AdminClient.Http;

/// <summary>
/// Builds the <see cref="AdminErrorCodes.ControllerUnreachable"/> error: which URL, why, and what to do.
/// </summary>
internal static class Unreachable
{
    private const string Hint = "is `ampd controller` (or `ampd solo`) running? set --admin-url or AMP_ADMIN_URL";

    public static AdminApiError From(string baseUrl, HttpRequestException ex) =>
        Error(baseUrl, Cause(ex));

    public static AdminApiError TimedOut(string baseUrl, TimeSpan timeout) =>
        Error(baseUrl, $"no response within {timeout.TotalSeconds:0.#}s");

    private static AdminApiError Error(string baseUrl, string cause) =>
        new(0, AdminErrorCodes.ControllerUnreachable, $"cannot reach the Admin API at {baseUrl}: {cause}; {Hint}");

    /// <summary>The most specific cause an operator can act on, on one line.</summary>
    private static string Cause(HttpRequestException ex)
    {
        for (Exception? e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
                return OneLine(socket.Message);
            if (e is AuthenticationException tls)
                return "TLS handshake failed: " + OneLine(tls.Message);
        }
        return OneLine(ex.Message);
    }

    private static string OneLine(string text) =>
        string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
