using System.Globalization;

namespace Amp.Core.Time;

/// <summary>
/// API timestamps are RFC 3339 UTC with a Z and whole seconds (DESIGN.md §1), the form jq's
/// <c>fromdateiso8601</c> accepts.
/// </summary>
public static class Rfc3339
{
    public static string Format(DateTime utc) =>
        DateTime.SpecifyKind(utc, DateTimeKind.Utc).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Format(DateTimeOffset value) => Format(value.UtcDateTime);
}
