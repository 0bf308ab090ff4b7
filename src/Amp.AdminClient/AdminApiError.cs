namespace Amp.AdminClient;

/// <summary>
/// An error from the Admin API, as a value. <see cref="HttpStatus"/> is the response status, or 0 when no
/// HTTP response was received (see <see cref="AdminErrorCodes.ControllerUnreachable"/>).
/// </summary>
public sealed record AdminApiError(int HttpStatus, string ErrorCode, string ErrorMessage)
{
    public override string ToString() => $"{ErrorCode}: {ErrorMessage}";
}
